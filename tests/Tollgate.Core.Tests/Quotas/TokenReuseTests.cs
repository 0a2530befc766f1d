using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Core.Apis;
using Tollgate.Core.Clients;
using Tollgate.Core.Quotas;
using Tollgate.Core.Revocation;
using Tollgate.Core.TokenEndpoint;
using Tollgate.Core.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace Tollgate.Core.Tests.Quotas;

public sealed class TokenReuseTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly Api Orders = new() { Id = "api_1", Identifier = "urn:orders" };
    private static readonly Client Reader = new() { ClientId = "reader" };

    private static TokenReuse Reuse(int maxEntries = 10, bool enabled = true, params string[] clients)
        => new(new TokenReuseSettings(enabled, clients.ToHashSet(), 0.5, maxEntries),
            new RevocationList(null!, TimeProvider.System, NullLogger<RevocationList>.Instance), new FakeTimeProvider(Now));

    private static (TokenResponse, AccessTokenClaims) Token(string value, string? jkt = null)
        => (new TokenResponse(value, jkt is null ? "Bearer" : "DPoP", 3600, "read"),
            new AccessTokenClaims("https://issuer", "reader", "urn:orders", "read", Now, Now.AddHours(1), "jti-" + value, jkt));

    [Fact]
    public void Find_OtherSenderBinding_IsAnotherRequest()
    {
        var reuse = Reuse();
        var dpopKey = reuse.KeyFor(Reader, Orders, "read", "jkt-A", null)!.Value;
        var (response, claims) = Token("bound-to-A", "jkt-A");
        reuse.Store(dpopKey, response, claims);

        Assert.Equal("bound-to-A", reuse.Find(reuse.KeyFor(Reader, Orders, "read", "jkt-A", null)!.Value)?.AccessToken);
        Assert.Null(reuse.Find(reuse.KeyFor(Reader, Orders, "read", "jkt-B", null)!.Value));
        Assert.Null(reuse.Find(reuse.KeyFor(Reader, Orders, "read", null, null)!.Value));
        Assert.Null(reuse.Find(reuse.KeyFor(Reader, Orders, "read", "jkt-A", "x5t-cert")!.Value));
        Assert.Null(reuse.Find(reuse.KeyFor(Reader, Orders with { TokenFormat = TokenFormat.Opaque }, "read", "jkt-A", null)!.Value));
    }

    [Fact]
    public void KeyFor_OnlyTheConfiguredClients_WhenNotEnabledForAll()
    {
        var reuse = Reuse(enabled: false, clients: "reader");
        Assert.NotNull(reuse.KeyFor(Reader, Orders, "read", null, null));
        Assert.Null(reuse.KeyFor(Reader with { ClientId = "writer" }, Orders, "read", null, null));
    }

    [Fact]
    public void Store_BeyondTheBound_ForgetsTheLeastRecentlyUsed()
    {
        var reuse = Reuse(maxEntries: 2);
        TokenReuse.Key KeyOf(string scope) => reuse.KeyFor(Reader, Orders, scope, null, null)!.Value;
        foreach (var scope in new[] { "a", "b" })
        {
            var (response, claims) = Token(scope);
            reuse.Store(KeyOf(scope), response, claims);
        }
        Assert.NotNull(reuse.Find(KeyOf("a")));   // "a" is now the most recent
        var (c, cClaims) = Token("c");
        reuse.Store(KeyOf("c"), c, cClaims);

        Assert.Equal(2, reuse.Count);
        Assert.Null(reuse.Find(KeyOf("b")));
        Assert.NotNull(reuse.Find(KeyOf("a")));
        Assert.NotNull(reuse.Find(KeyOf("c")));
    }
}
