using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Authorizer.Revocation;
using Tollgate.Authorizer.Validation;
using Tollgate.Core.Revocation;
using Tollgate.Core.Storage;
using Entry = Tollgate.Core.Revocation.Revocation;
using Microsoft.Extensions.Time.Testing;

namespace Tollgate.Core.Tests.Revocation;

/// <summary>
/// The revocation rule (<see cref="RevocationRule"/>) as one table: every row is decided by the
/// server's list (<see cref="RevocationList"/>, behind introspection, token reuse and the embedded
/// engines) and by an authorizer's list (<see cref="RevocationSet"/>, filled from the feed), and
/// both must give the row's answer. Times are seconds from <see cref="Now"/>.
/// </summary>
public sealed class RevocationRuleTests
{
    private const long Now = 1_800_000_000;
    private const string Api = "https://api.example";
    private const string Other = "https://other.example";

    /// <summary>A token's facts; <c>Iat</c> null: the token has no <c>iat</c>.</summary>
    public sealed record Token(string? Jti, string? ClientId, string[] Audiences, long? Iat, string[] Scopes, string? Subject = null);

    public sealed record Case(string Name, Entry Entry, Token Token, bool Revoked)
    {
        public override string ToString() => Name;
    }

    private static Entry TokenEntry(string jti, long exp = 3600) => new() { Kind = RevocationKind.Token, Jti = jti, ClientId = "svc", ExpiresAt = At(exp) };
    private static Entry ClientEntry(string clientId, long until, long exp = 3600) => new() { Kind = RevocationKind.Client, ClientId = clientId, IssuedUntil = Now + until, ExpiresAt = At(exp) };
    private static Entry GrantEntry(string audience, long until, string[] stillAllowed, long exp = 3600)
        => new() { Kind = RevocationKind.Grant, ClientId = "svc", Audience = audience, IssuedUntil = Now + until, Scopes = [.. stillAllowed], ExpiresAt = At(exp) };
    private static Token T(string? jti = "j1", string? client = "svc", long? iat = 0, string[]? scopes = null, string[]? aud = null, string? sub = null)
        => new(jti, client, aud ?? [Api], iat, scopes ?? ["read"], sub);
    private static DateTimeOffset At(long offset) => DateTimeOffset.FromUnixTimeSeconds(Now + offset);

    public static TheoryData<Case> Cases => new()
    {
        // token entries: that jti, compared ordinally, whatever the client or time
        new("jti revoked", TokenEntry("j1"), T(jti: "j1"), true),
        new("jti revoked, token issued later", TokenEntry("j1"), T(jti: "j1", iat: 600), true),
        new("jti revoked, token of another client", TokenEntry("j1"), T(jti: "j1", client: "other"), true),
        new("other jti", TokenEntry("j1"), T(jti: "j2"), false),
        new("jti differs in case", TokenEntry("abc"), T(jti: "ABC"), false),
        new("token without jti", TokenEntry("j1"), T(jti: null), false),
        // client entries: every token of the client issued at or before issued_until
        new("client revoked, token issued before", ClientEntry("svc", 0), T(iat: -3600), true),
        new("client revoked, token issued the same second", ClientEntry("svc", 0), T(iat: 0), true),
        new("client revoked, token issued after", ClientEntry("svc", 0), T(iat: 1), false),
        new("client revoked, token without iat", ClientEntry("svc", 0), T(iat: null), true),
        new("another client revoked", ClientEntry("other", 0), T(iat: -10), false),
        new("client revoked, client named by sub only", ClientEntry("svc", 0), T(client: null, sub: "svc", iat: -10), true),
        new("client revoked, client_id wins over sub", ClientEntry("svc", 0), T(client: "other", sub: "svc", iat: -10), false),
        // grant entries: tokens for the audience issued up to then carrying a scope the grant no longer allows
        new("grant narrowed, old token with the removed scope", GrantEntry(Api, 0, ["read"]), T(iat: -5, scopes: ["read", "write"]), true),
        new("grant narrowed, old token within what is left", GrantEntry(Api, 0, ["read"]), T(iat: -5, scopes: ["read"]), false),
        new("grant narrowed, new token with the removed scope", GrantEntry(Api, 0, ["read"]), T(iat: 1, scopes: ["read", "write"]), false),
        new("grant narrowed, token for another API", GrantEntry(Api, 0, ["read"]), T(iat: -5, scopes: ["write"], aud: [Other]), false),
        new("grant narrowed, token for several APIs", GrantEntry(Other, 0, ["read"]), T(iat: -5, scopes: ["write"], aud: [Api, Other]), true),
        new("grant narrowed, token without iat", GrantEntry(Api, 0, ["read"]), T(iat: null, scopes: ["write"]), true),
        new("grant removed, any scope", GrantEntry(Api, 0, []), T(iat: -5, scopes: ["read"]), true),
        new("grant removed, token without scopes", GrantEntry(Api, 0, []), T(iat: -5, scopes: []), false),
        new("grant of another client", GrantEntry(Api, 0, []) with { ClientId = "other" }, T(iat: -5), false),
        new("grant unchanged", GrantEntry(Api, 0, ["read", "write"]), T(iat: -5, scopes: ["read", "write"]), false),
        // expired entries are dropped: every token they could match has expired anyway
        new("expired token entry", TokenEntry("j1", exp: -1), T(jti: "j1"), false),
        new("token entry expiring this second", TokenEntry("j1", exp: 0), T(jti: "j1"), false),
        new("token entry live one more second", TokenEntry("j1", exp: 1), T(jti: "j1"), true),
        new("expired client entry", ClientEntry("svc", -7200, exp: -1), T(iat: -7300), false),
        new("expired grant entry", GrantEntry(Api, -7200, [], exp: -1), T(iat: -7300), false),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Rule_Case_ServerAndAuthorizerAgree(Case row)
    {
        var token = Validated(row.Token);

        Assert.Equal(row.Revoked, (await ServerList(row.Entry)).IsRevoked(token));
        Assert.Equal(row.Revoked, AuthorizerList(row.Entry).IsRevoked(token));
    }

    [Fact]
    public void Rule_Table_CoversEveryKindBothWays()
    {
        var rows = ((IEnumerable<object[]>)Cases).Select(c => (Case)c[0]).ToList();
        foreach (var kind in Enum.GetValues<RevocationKind>())
        {
            Assert.Contains(rows, r => r.Entry.Kind == kind && r.Revoked);
            Assert.Contains(rows, r => r.Entry.Kind == kind && !r.Revoked);
        }
    }

    private static ValidatedToken Validated(Token t) => new()
    {
        Issuer = "https://issuer.example", Jti = t.Jti, ClientId = t.ClientId, Subject = t.Subject, Audiences = t.Audiences,
        IssuedAt = t.Iat is { } iat ? At(iat) : null, Scopes = t.Scopes,
    };

    /// <summary>The server's list as a node loads it at start-up.</summary>
    private static async Task<RevocationList> ServerList(Entry entry)
    {
        var list = new RevocationList(new OneEntryStore(entry with { Seq = 1 }), new FakeTimeProvider(At(0)), NullLogger<RevocationList>.Instance);
        await list.LoadAsync(CancellationToken.None);
        return list;
    }

    /// <summary>An authorizer's list after reading the entry from the feed, as the server writes it.</summary>
    private static RevocationSet AuthorizerList(Entry entry)
    {
        var page = FeedPageReader.Read(RevocationFeedFormat.Page(1, false, [(entry with { Seq = 1 }).ToFeedEntry()]), Now);
        return RevocationSet.Empty.With(page.Entries, Now);
    }

    /// <summary>A store holding one entry; answers live entries only, as the SQL stores do.</summary>
    private sealed class OneEntryStore(Entry entry) : IRevocationStore
    {
        private IReadOnlyList<Entry> Live(DateTimeOffset now) => entry.IsLive(now) ? [entry] : [];
        public Task<long> AddAsync(Entry e, Core.Audit.AuditRecord? audit, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<Entry>> LoadLiveAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(Live(now));
        public Task<IReadOnlyList<Entry>> ListSinceAsync(long since, int limit, DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(Live(now));
        public Task<long> LatestAsync(CancellationToken cancellationToken) => Task.FromResult(1L);
        public Task PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
