using System.Collections.Immutable;
using Tollgate.Core.Apis;
using Tollgate.Core.Clients;
using Tollgate.Core.Grants;
using Tollgate.Core.Policies;
using Tollgate.Core.Revocation;
using Tollgate.Core.Storage;
using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Storage.Postgres;
using Tollgate.Storage.Sqlite;

namespace Tollgate.Server.Tests.Storage;

public sealed class StoreContractTests_Sqlite : StoreContractTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "tollgate-store-" + Guid.NewGuid().ToString("N"), "tollgate.db");

    protected override Task<Stores> OpenAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var db = new SqliteDatabase(_path);
        return Task.FromResult(new Stores(db, new SqliteClientStore(db), new SqliteApiStore(db), new SqliteGrantStore(db), new SqliteKeyStore(db),
            new SqliteRevocationStore(db), new SqliteAssertionReplayStore(db), db.DisposeAsync, new SqlitePolicyStore(db)));
    }

    protected override Task ForgeNewerSchemaAsync(Stores stores)
        => ((SqliteDatabase)stores.Database).ExecuteAsync("INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0)", _ => { }, CancellationToken.None);
}

public sealed class StoreContractTests_Postgres : StoreContractTests
{
    private string? _connectionString;

    protected override async Task<Stores> OpenAsync()
    {
        _connectionString ??= await TestPostgres.CreateDatabaseAsync();
        var db = new PostgresDatabase(_connectionString);
        return new Stores(db, new PostgresClientStore(db), new PostgresApiStore(db), new PostgresGrantStore(db), new PostgresKeyStore(db),
            new PostgresRevocationStore(db), new PostgresAssertionReplayStore(db), db.DisposeAsync, new PostgresPolicyStore(db));
    }

    [Fact]
    public async Task Policy_Writes_AreInTheChangeFeed_ForOtherNodes()
    {
        var stores = await OpenAsync();
        try
        {
            await stores.Database.MigrateAsync(CancellationToken.None);
            var feed = new PostgresChangeFeed((PostgresDatabase)stores.Database, Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresChangeFeed>.Instance);
            var before = await feed.LatestAsync(CancellationToken.None);
            var policy = new AccessPolicy { Id = "pol-feed", Subjects = ["c"], Actions = ["read"], Resources = ["r"] };
            Assert.True(await stores.Policies.InsertAsync(policy, null, CancellationToken.None));
            Assert.True(await stores.Policies.UpdateAsync(policy with { Effect = AccessPolicy.Deny }, null, CancellationToken.None));
            Assert.True(await stores.Policies.DeleteAsync("pol-feed", null, CancellationToken.None));
            Assert.False(await stores.Policies.DeleteAsync("pol-feed", null, CancellationToken.None));

            var changes = await feed.ListSinceAsync(before, 10, CancellationToken.None);
            Assert.Equal([("policy", "pol-feed"), ("policy", "pol-feed"), ("policy", "pol-feed")], changes!.Select(c => (c.Entity, c.EntityId)).ToArray());
        }
        finally
        {
            await stores.Close();
        }
    }

    protected override Task ForgeNewerSchemaAsync(Stores stores)
        => ((PostgresDatabase)stores.Database).ExecuteAsync("INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0)", _ => { }, CancellationToken.None);
}

/// <summary>
/// What every storage provider must do alike: duplicates refused, missing records reported,
/// paging in insertion order, cascades, and migrations applied once. One suite, run against each.
/// </summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_123);
    private Stores _s = null!;

    public sealed record Stores(IStorageDatabase Database, IClientStore Clients, IApiStore Apis, IGrantStore Grants, IKeyStore Keys,
        IRevocationStore Revocations, IAssertionReplayStore Assertions, Func<ValueTask> Close, IPolicyStore Policies);

    protected abstract Task<Stores> OpenAsync();
    protected abstract Task ForgeNewerSchemaAsync(Stores stores);

    public async Task InitializeAsync()
    {
        _s = await OpenAsync();
        await _s.Database.MigrateAsync(None);
    }

    public async Task DisposeAsync() => await _s.Close();

    private static Client NewClient(string id, params ClientSecret[] secrets) => new()
    {
        ClientId = id, ClientName = "name of " + id, TokenEndpointAuthMethod = AuthMethods.ClientSecretPost, AccessTokenLifetime = 600,
        AllowedOrigins = ["https://app.example"], Metadata = """{"team":"orders"}""", AllowIntrospection = true,
        Jwks = null, JwksUri = "https://keys.example/jwks", Secrets = [.. secrets], CreatedAt = Now, UpdatedAt = Now,
    };

    private static Api NewApi(string identifier) => new()
    {
        Id = "api_" + identifier.GetHashCode().ToString("x"), Identifier = identifier, Name = "API " + identifier,
        Scopes = [new ApiScope("read", "Read"), new ApiScope("write", null)], TokenFormat = TokenFormat.Opaque, SigningAlg = "ES256",
        AccessTokenLifetime = 900, Routes = """{"rules":[]}""", CreatedAt = Now, UpdatedAt = Now,
    };

    private static Grant NewGrant(string clientId, string audience) => new()
    {
        Id = $"grt_{clientId}_{audience.GetHashCode():x}", ClientId = clientId, Audience = audience, Scope = ["read"], CreatedAt = Now, UpdatedAt = Now,
    };

    [Fact]
    public async Task Migrate_Twice_ChangesNothing()
    {
        await _s.Database.MigrateAsync(None);
        Assert.True(await _s.Clients.InsertAsync(NewClient("c1"), null, None));
        await _s.Database.MigrateAsync(None);
        Assert.Single(await _s.Clients.LoadAllAsync(None));
        await _s.Database.PingAsync(None);
    }

    [Fact]
    public async Task Migrate_FromSeveralNodesAtOnce_AppliesEachOnce()
    {
        var others = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenAsync()));
        try
        {
            await Task.WhenAll(others.Select(o => o.Database.MigrateAsync(None)));
            Assert.True(await others[0].Apis.InsertAsync(NewApi("https://a.example"), null, None));
            Assert.Single(await others[3].Apis.LoadAllAsync(None));
        }
        finally
        {
            foreach (var o in others) await o.Close();
        }
    }

    [Fact]
    public async Task Migrate_DatabaseNewerThanThisRelease_IsRefusedWithItsVersion()
    {
        await ForgeNewerSchemaAsync(_s);
        var e = await Assert.ThrowsAsync<SchemaTooNewException>(() => _s.Database.MigrateAsync(None));
        Assert.Contains("9999", e.Message);
    }

    [Fact]
    public async Task Client_RoundTrips_EveryField_WithSecretsInOrder()
    {
        var older = new ClientSecret("sec_1", "hash-1", Now, Now.AddDays(1));
        var newer = new ClientSecret("sec_2", "hash-2", Now.AddSeconds(1), null);
        Assert.True(await _s.Clients.InsertAsync(NewClient("c1", older, newer), null, None));

        var loaded = Assert.Single(await _s.Clients.LoadAllAsync(None));
        var expected = NewClient("c1");
        Assert.Equal((expected.ClientId, expected.ClientName, expected.TokenEndpointAuthMethod, expected.AccessTokenLifetime, expected.Metadata,
            expected.AllowIntrospection, expected.Jwks, expected.JwksUri, expected.CreatedAt, expected.UpdatedAt),
            (loaded.ClientId, loaded.ClientName, loaded.TokenEndpointAuthMethod, loaded.AccessTokenLifetime, loaded.Metadata,
            loaded.AllowIntrospection, loaded.Jwks, loaded.JwksUri, loaded.CreatedAt, loaded.UpdatedAt));
        Assert.Equal(expected.AllowedOrigins, loaded.AllowedOrigins.ToArray());
        Assert.Equal(expected.GrantTypes, loaded.GrantTypes.ToArray());
        Assert.Equal([older, newer], loaded.Secrets.ToArray());
    }

    [Fact]
    public async Task Client_SenderConstraints_RoundTrip_AndUpdate()
    {
        var client = NewClient("mtls") with
        {
            TokenEndpointAuthMethod = AuthMethods.TlsClientAuth, TlsClientAuth = new TlsClientAuthSubject(TlsClientAuthSubject.SubjectDn, "CN=orders,O=Example"),
            TlsClientCertificateBoundAccessTokens = true, DpopBoundAccessTokens = true,
        };
        Assert.True(await _s.Clients.InsertAsync(client, null, None));
        var loaded = Assert.Single(await _s.Clients.LoadAllAsync(None));
        Assert.Equal((client.TlsClientAuth, true, true), (loaded.TlsClientAuth, loaded.TlsClientCertificateBoundAccessTokens, loaded.DpopBoundAccessTokens));

        Assert.True(await _s.Clients.UpdateAsync(loaded with
        {
            TlsClientAuth = new TlsClientAuthSubject(TlsClientAuthSubject.SanUri, "spiffe://example.org/orders"), TlsClientCertificateBoundAccessTokens = false,
        }, null, None));
        var updated = Assert.Single(await _s.Clients.LoadAllAsync(None));
        Assert.Equal(new TlsClientAuthSubject(TlsClientAuthSubject.SanUri, "spiffe://example.org/orders"), updated.TlsClientAuth);
        Assert.False(updated.TlsClientCertificateBoundAccessTokens);

        Assert.True(await _s.Clients.UpdateAsync(updated with { TokenEndpointAuthMethod = AuthMethods.ClientSecretBasic, TlsClientAuth = null }, null, None));
        Assert.Null(Assert.Single(await _s.Clients.LoadAllAsync(None)).TlsClientAuth);
    }

    [Fact]
    public async Task Client_TokenQuota_RoundTrips_AndUpdates_AndClears()
    {
        var quota = new TokenQuota(PerMinute: 10, PerHour: null, PerDay: 1000, QuotaMode.LogOnly);
        Assert.True(await _s.Clients.InsertAsync(NewClient("quota") with { TokenQuota = quota }, null, None));
        Assert.Equal(quota, Assert.Single(await _s.Clients.LoadAllAsync(None)).TokenQuota);
        Assert.Equal(quota, (await _s.Clients.FindAsync("quota", None))!.TokenQuota);

        Assert.True(await _s.Clients.UpdateAsync(NewClient("quota") with { TokenQuota = new TokenQuota(null, 5, null) }, null, None));
        Assert.Equal(new TokenQuota(null, 5, null, QuotaMode.Enforce), Assert.Single(await _s.Clients.LoadAllAsync(None)).TokenQuota);
        Assert.True(await _s.Clients.UpdateAsync(NewClient("quota"), null, None));
        Assert.Null(Assert.Single(await _s.Clients.LoadAllAsync(None)).TokenQuota);
    }

    [Fact]
    public async Task Client_Duplicate_IsRefused_AndTheFirstKept()
    {
        Assert.True(await _s.Clients.InsertAsync(NewClient("c1", new ClientSecret("sec_a", "h", Now, null)), null, None));
        Assert.False(await _s.Clients.InsertAsync(NewClient("c1", new ClientSecret("sec_b", "h", Now, null)) with { ClientName = "other" }, null, None));
        var loaded = Assert.Single(await _s.Clients.LoadAllAsync(None));
        Assert.Equal("name of c1", loaded.ClientName);
        Assert.Equal("sec_a", Assert.Single(loaded.Secrets).Id);
    }

    [Fact]
    public async Task Client_UpdateAndDelete_OfMissing_ReportFalse()
    {
        Assert.False(await _s.Clients.UpdateAsync(NewClient("ghost"), null, None));
        Assert.False(await _s.Clients.DeleteAsync("ghost", null, None));
        Assert.Empty(await _s.Clients.LoadAllAsync(None));
    }

    [Fact]
    public async Task Client_Update_ChangesFields_ReplaceSecrets_ReplacesAll()
    {
        await _s.Clients.InsertAsync(NewClient("c1", new ClientSecret("sec_a", "h", Now, null)), null, None);
        Assert.True(await _s.Clients.UpdateAsync(NewClient("c1") with { ClientName = "renamed", AllowIntrospection = false, AllowedOrigins = [] }, null, None));
        await _s.Clients.ReplaceSecretsAsync("c1", [new ClientSecret("sec_b", "h2", Now, null), new ClientSecret("sec_c", "h3", Now.AddSeconds(1), null)], null, None);

        var loaded = Assert.Single(await _s.Clients.LoadAllAsync(None));
        Assert.Equal(("renamed", false, 0), (loaded.ClientName, loaded.AllowIntrospection, loaded.AllowedOrigins.Length));
        Assert.Equal(["sec_b", "sec_c"], loaded.Secrets.Select(s => s.Id).ToArray());
    }

    [Fact]
    public async Task Delete_Client_TakesItsGrants_DeleteApi_TakesGrantsToIt()
    {
        await _s.Apis.InsertAsync(NewApi("https://a.example"), null, None);
        var b = NewApi("https://b.example") with { Id = "api_b" };
        await _s.Apis.InsertAsync(b, null, None);
        await _s.Clients.InsertAsync(NewClient("c1"), null, None);
        await _s.Clients.InsertAsync(NewClient("c2"), null, None);
        foreach (var (c, a) in new[] { ("c1", "https://a.example"), ("c1", "https://b.example"), ("c2", "https://a.example"), ("c2", "https://b.example") })
            Assert.True(await _s.Grants.InsertAsync(NewGrant(c, a), null, None));

        Assert.True(await _s.Clients.DeleteAsync("c1", null, None));
        Assert.True(await _s.Apis.DeleteAsync("api_b", null, None));

        var left = Assert.Single(await _s.Grants.LoadAllAsync(None));
        Assert.Equal(("c2", "https://a.example"), (left.ClientId, left.Audience));
    }

    [Fact]
    public async Task Api_RoundTrips_Duplicates_Updates_AndMissing()
    {
        var api = NewApi("https://a.example");
        Assert.True(await _s.Apis.InsertAsync(api, null, None));
        Assert.False(await _s.Apis.InsertAsync(api with { Id = "api_other" }, null, None));      // same identifier
        Assert.False(await _s.Apis.InsertAsync(api with { Identifier = "https://c.example" }, null, None));   // same id
        Assert.True(await _s.Apis.UpdateAsync(api with { Name = "renamed", Routes = null, AccessTokenLifetime = 60 }, null, None));
        Assert.False(await _s.Apis.UpdateAsync(api with { Identifier = "https://changed.example" }, null, None));   // the identifier is fixed
        Assert.False(await _s.Apis.DeleteAsync("api_missing", null, None));

        var loaded = Assert.Single(await _s.Apis.LoadAllAsync(None));
        Assert.Equal(("renamed", (string?)null, 60, TokenFormat.Opaque, "ES256", Now), (loaded.Name, loaded.Routes, loaded.AccessTokenLifetime, loaded.TokenFormat, loaded.SigningAlg, loaded.CreatedAt));
        Assert.Equal(api.Scopes.ToArray(), loaded.Scopes.ToArray());
    }

    [Fact]
    public async Task Grant_DuplicatePair_IsRefused_UnknownClientOrApi_IsRefused()
    {
        await _s.Apis.InsertAsync(NewApi("https://a.example"), null, None);
        await _s.Clients.InsertAsync(NewClient("c1"), null, None);
        Assert.True(await _s.Grants.InsertAsync(NewGrant("c1", "https://a.example"), null, None));
        Assert.False(await _s.Grants.InsertAsync(NewGrant("c1", "https://a.example") with { Id = "grt_other" }, null, None));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => _s.Grants.InsertAsync(NewGrant("ghost", "https://a.example"), null, None));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => _s.Grants.InsertAsync(NewGrant("c1", "https://ghost.example"), null, None));
        Assert.True(await _s.Grants.UpdateAsync(NewGrant("c1", "https://a.example") with { Scope = ["read", "write"] }, null, None));
        Assert.False(await _s.Grants.UpdateAsync(NewGrant("c1", "https://a.example") with { Id = "grt_missing" }, null, None));
        Assert.Equal(["read", "write"], Assert.Single(await _s.Grants.LoadAllAsync(None)).Scope.ToArray());
    }

    [Fact]
    public async Task Lists_PageInInsertionOrder_AndFilter()
    {
        for (var i = 0; i < 5; i++) await _s.Clients.InsertAsync(NewClient($"c{i}"), null, None);
        await _s.Apis.InsertAsync(NewApi("https://a.example"), null, None);
        await _s.Apis.InsertAsync(NewApi("https://b.example") with { Id = "api_b" }, null, None);
        for (var i = 0; i < 5; i++) await _s.Grants.InsertAsync(NewGrant($"c{i}", i % 2 == 0 ? "https://a.example" : "https://b.example"), null, None);

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await _s.Clients.ListAsync(new PageRequest(2, cursor), None);
            seen.AddRange(page.Items.Select(c => c.ClientId));
            cursor = page.NextCursor;
            pages++;
        } while (cursor is not null);
        Assert.Equal(["c0", "c1", "c2", "c3", "c4"], seen);
        Assert.Equal(3, pages);

        var exact = await _s.Clients.ListAsync(new PageRequest(5, null), None);
        Assert.Null(exact.NextCursor);
        var toA = await _s.Grants.ListAsync(new PageRequest(10, null), null, "https://a.example", None);
        Assert.Equal(["c0", "c2", "c4"], toA.Items.Select(g => g.ClientId).ToArray());
        var ofC3 = await _s.Grants.ListAsync(new PageRequest(10, null), "c3", null, None);
        Assert.Equal("https://b.example", Assert.Single(ofC3.Items).Audience);
        Assert.Empty((await _s.Grants.ListAsync(new PageRequest(10, null), "c3", "https://a.example", None)).Items);
        Assert.Equal(2, (await _s.Apis.ListAsync(new PageRequest(10, null), None)).Items.Count);
    }

    [Fact]
    public async Task Keys_RoundTrip_ScheduleUpdates_AndDelete()
    {
        var k1 = new StoredKey("kid1", "RS256", "v1.protected", Now, Now, null, null);
        var k2 = new StoredKey("kid2", "ES256", "v1.protected2", Now.AddSeconds(1), Now.AddHours(1), null, null);
        await _s.Keys.InsertAsync(k1, null, None);
        await _s.Keys.InsertAsync(k2, null, None);
        await _s.Keys.UpdateScheduleAsync("kid1", Now.AddDays(1), Now.AddDays(2), None);
        Assert.Equal([k1 with { RetiresAt = Now.AddDays(1), ExpiresAt = Now.AddDays(2) }, k2], (await _s.Keys.LoadAllAsync(None)).ToArray());
        await _s.Keys.DeleteAsync("kid1", None);
        Assert.Equal([k2], (await _s.Keys.LoadAllAsync(None)).ToArray());
    }

    [Fact]
    public async Task Revocations_ListSince_Latest_AndPurge()
    {
        Assert.Equal(0, await _s.Revocations.LatestAsync(None));
        var token = new Revocation { Kind = RevocationKind.Token, Jti = "j1", ClientId = "c1", ExpiresAt = Now.AddMinutes(1), CreatedAt = Now };
        var client = new Revocation { Kind = RevocationKind.Client, ClientId = "c1", IssuedUntil = 1_780_000_000, ExpiresAt = Now.AddHours(1), CreatedAt = Now };
        var grant = new Revocation { Kind = RevocationKind.Grant, ClientId = "c1", Audience = "https://a.example", IssuedUntil = 1_780_000_000,
            Scopes = ["read"], ExpiresAt = Now.AddHours(1), CreatedAt = Now };
        var s1 = await _s.Revocations.AddAsync(token, null, None);
        var s2 = await _s.Revocations.AddAsync(client, null, None);
        var s3 = await _s.Revocations.AddAsync(grant, null, None);
        Assert.True(s1 < s2 && s2 < s3);
        Assert.Equal(s3, await _s.Revocations.LatestAsync(None));

        var after1 = await _s.Revocations.ListSinceAsync(s1, 10, Now, None);
        Assert.Equal([s2, s3], after1.Select(r => r.Seq).ToArray());
        Assert.Equal(["read"], after1[1].Scopes.ToArray());
        Assert.Equal((RevocationKind.Grant, "https://a.example", (long?)1_780_000_000), (after1[1].Kind, after1[1].Audience, after1[1].IssuedUntil));
        Assert.Equal([s1], (await _s.Revocations.ListSinceAsync(0, 1, Now, None)).Select(r => r.Seq).ToArray());

        await _s.Revocations.PurgeAsync(Now.AddMinutes(2), None);
        Assert.Equal([s2, s3], (await _s.Revocations.LoadLiveAsync(Now.AddMinutes(2), None)).Select(r => r.Seq).ToArray());
        await _s.Revocations.PurgeAsync(Now.AddDays(1), None);
        Assert.Empty(await _s.Revocations.LoadLiveAsync(Now, None));
        Assert.Equal(s3, await _s.Revocations.LatestAsync(None));        // purging never lowers the feed's version
        Assert.True(await _s.Revocations.AddAsync(token, null, None) > s3);
    }

    [Fact]
    public async Task Revocations_ConcurrentWriters_AReaderFollowingTheFeed_MissesNone()
    {
        const int writers = 6, each = 40;
        var written = new System.Collections.Concurrent.ConcurrentBag<long>();
        var seen = new HashSet<long>();
        long cursor = 0;
        using var done = new CancellationTokenSource();

        var reader = Task.Run(async () =>
        {
            while (true)
            {
                var finished = done.IsCancellationRequested;
                foreach (var entry in await _s.Revocations.ListSinceAsync(cursor, 50, Now, None))
                {
                    Assert.True(seen.Add(entry.Seq), $"seq {entry.Seq} seen twice");
                    cursor = entry.Seq;
                }
                if (finished && (await _s.Revocations.ListSinceAsync(cursor, 1, Now, None)).Count == 0) return;
            }
        });
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < each; i++)
                written.Add(await _s.Revocations.AddAsync(new Revocation { Kind = RevocationKind.Token, Jti = $"w{w}-{i}", ExpiresAt = Now.AddHours(1), CreatedAt = Now }, null, None));
        })));
        done.Cancel();
        await reader;

        Assert.Equal(writers * each, written.Count);
        Assert.Equal(written.Order().ToArray(), seen.Order().ToArray());
    }

    [Fact]
    public async Task Assertions_AJtiIsUsedOnce_UntilPurged()
    {
        Assert.True(await _s.Assertions.TryUseAsync("c1", "jti-1", Now.AddMinutes(5), None));
        Assert.False(await _s.Assertions.TryUseAsync("c1", "jti-1", Now.AddMinutes(5), None));
        Assert.True(await _s.Assertions.TryUseAsync("c2", "jti-1", Now.AddMinutes(5), None));     // per client
        await _s.Assertions.PurgeAsync(Now.AddMinutes(4), None);
        Assert.False(await _s.Assertions.TryUseAsync("c1", "jti-1", Now.AddMinutes(5), None));
        await _s.Assertions.PurgeAsync(Now.AddMinutes(6), None);
        Assert.True(await _s.Assertions.TryUseAsync("c1", "jti-1", Now.AddMinutes(10), None));
    }

    private static AccessPolicy NewPolicy(string id, params string[] subjects) => new()
    {
        Id = id, Description = "policy " + id, Subjects = [.. subjects], Effect = AccessPolicy.Allow, Resources = ["resources:orders:<.*>"], Actions = ["read", "list"],
        Conditions = """{"remoteIPAddress":{"type":"CIDRCondition","options":{"cidr":"10.0.0.0/8"}}}""", Meta = """{"owner":"team-a"}""", CreatedAt = Now, UpdatedAt = Now,
    };

    [Fact]
    public async Task Policy_RoundTrips_EveryField_DuplicateRefused_MissingReported()
    {
        Assert.True(await _s.Policies.InsertAsync(NewPolicy("p1", "c1", "svc-<.*>"), null, None));
        Assert.False(await _s.Policies.InsertAsync(NewPolicy("p1", "other") with { Description = "dup" }, null, None));
        Assert.False(await _s.Policies.UpdateAsync(NewPolicy("ghost"), null, None));
        Assert.False(await _s.Policies.DeleteAsync("ghost", null, None));
        Assert.Null(await _s.Policies.FindAsync("ghost", None));

        var loaded = (await _s.Policies.FindAsync("p1", None))!;
        var expected = NewPolicy("p1", "c1", "svc-<.*>");
        Assert.Equal((expected.Id, expected.Description, expected.Effect, expected.CreatedAt, expected.UpdatedAt),
            (loaded.Id, loaded.Description, loaded.Effect, loaded.CreatedAt, loaded.UpdatedAt));
        Assert.Equal(expected.Subjects.ToArray(), loaded.Subjects.ToArray());
        Assert.Equal(expected.Resources.ToArray(), loaded.Resources.ToArray());
        Assert.Equal(expected.Actions.ToArray(), loaded.Actions.ToArray());
        // PostgreSQL keeps JSON as jsonb (normalized spacing): compare meaning, not text.
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(expected.Conditions), System.Text.Json.Nodes.JsonNode.Parse(loaded.Conditions)));
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(expected.Meta), System.Text.Json.Nodes.JsonNode.Parse(loaded.Meta)));
    }

    [Fact]
    public async Task Policy_UpdateAndDelete_ChangeWhatIsLoaded()
    {
        await _s.Policies.InsertAsync(NewPolicy("p1", "c1"), null, None);
        await _s.Policies.InsertAsync(NewPolicy("p2", "c2"), null, None);
        Assert.True(await _s.Policies.UpdateAsync(NewPolicy("p1", "c3") with { Effect = AccessPolicy.Deny, Description = null, Conditions = "{}", UpdatedAt = Now.AddSeconds(5) }, null, None));
        Assert.True(await _s.Policies.DeleteAsync("p2", null, None));

        var left = Assert.Single(await _s.Policies.LoadAllAsync(None));
        Assert.Equal(("p1", AccessPolicy.Deny, (string?)null, "{}", Now, Now.AddSeconds(5)), (left.Id, left.Effect, left.Description, left.Conditions, left.CreatedAt, left.UpdatedAt));
        Assert.Equal(["c3"], left.Subjects.ToArray());
    }

    [Fact]
    public async Task Policy_List_PagesInCreationOrder_AndFiltersBySubjectEntry()
    {
        for (var i = 0; i < 5; i++) await _s.Policies.InsertAsync(NewPolicy($"p{i}", i % 2 == 0 ? "even" : "odd", "all"), null, None);

        var first = await _s.Policies.ListAsync(new PageRequest(2, null), null, None);
        Assert.Equal(["p0", "p1"], first.Items.Select(p => p.Id).ToArray());
        var second = await _s.Policies.ListAsync(new PageRequest(2, first.NextCursor), null, None);
        Assert.Equal(["p2", "p3"], second.Items.Select(p => p.Id).ToArray());
        var last = await _s.Policies.ListAsync(new PageRequest(2, second.NextCursor), null, None);
        Assert.Equal(["p4"], last.Items.Select(p => p.Id).ToArray());
        Assert.Null(last.NextCursor);

        Assert.Equal(["p0", "p2", "p4"], (await _s.Policies.ListAsync(new PageRequest(10, null), "even", None)).Items.Select(p => p.Id).ToArray());
        Assert.Equal(5, (await _s.Policies.ListAsync(new PageRequest(10, null), "all", None)).Items.Count);
        Assert.Empty((await _s.Policies.ListAsync(new PageRequest(10, null), "ev", None)).Items);
    }
}
