using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Cluster;

/// <summary>
/// Several Tollgate nodes (real Kestrel servers) on one real PostgreSQL database behave as one
/// server: what is written through one is served by the others within a second, start-up on an
/// empty database creates one of everything, and cluster-wide work is never done twice.
/// </summary>
public sealed class SharedDatabaseTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(3);   // generous; the benchmark reports the real figure

    private static async Task<PostgresHost[]> StartNodesAsync(int count, string? connectionString = null)
    {
        connectionString ??= await TestPostgres.CreateDatabaseAsync();
        var nodes = Enumerable.Range(0, count).Select(_ => PostgresHost.Node(connectionString)).ToArray();
        await Task.WhenAll(nodes.Select(n => n.InitializeAsync()));
        return nodes;
    }

    private static async Task StopAsync(IEnumerable<PostgresHost> nodes)
    {
        foreach (var node in nodes) await node.DisposeAsync();
    }

    /// <summary>Polls until <paramref name="condition"/> holds; returns how long it took; fails past the bound.</summary>
    private static async Task<TimeSpan> EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Bound, $"{what}: not within {Bound.TotalSeconds} s");
            await Task.Delay(20);
        }
        return clock.Elapsed;
    }

    private static async Task<HttpStatusCode> TokenStatusAsync(TollgateHost node, string clientId, string secret, string audience)
        => (await node.Http.SendAsync(TollgateHost.TokenRequest(clientId, secret, new() { ["grant_type"] = "client_credentials", ["audience"] = audience }))).StatusCode;

    [Fact]
    public async Task AdminWrites_ThroughOneNode_AreServedByTheOthers()
    {
        var nodes = await StartNodesAsync(3);
        try
        {
            var (one, two, three) = (nodes[0], nodes[1], nodes[2]);
            var audience = await one.CreateApiAsync("jwt", "ES256");
            var (id, secret) = await one.CreateClientAsync();
            await one.GrantAsync(id, audience, "read:contacts");

            var took = await EventuallyAsync(async () => await TokenStatusAsync(two, id, secret, audience) == HttpStatusCode.OK, "client, API and grant made on node 1, token on node 2");
            var token = await two.TokenAsync(id, secret, audience);
            var (reader, readerSecret) = await one.CreateClientAsync(introspect: true);
            await EventuallyAsync(async () => (await three.IntrospectAsync(token, reader, readerSecret))["active"]?.GetValue<bool>() == true,
                "node 2's token introspected on node 3");

            // Deleted on node 3: node 1 refuses the client and its tokens.
            var deleted = await three.AdminAsync(HttpMethod.Delete, $"/admin/clients/{id}");
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            await EventuallyAsync(async () => await TokenStatusAsync(one, id, secret, audience) == HttpStatusCode.Unauthorized, "client deleted on node 3, refused on node 1");
            Assert.False((await one.IntrospectAsync(token, reader, readerSecret))["active"]!.GetValue<bool>());
            Assert.True(took < Bound);
        }
        finally
        {
            await StopAsync(nodes);
        }
    }

    [Fact]
    public async Task Policy_WrittenOnOneNode_DecidesTheWardenOnTheOthers()
    {
        var nodes = await StartNodesAsync(2);
        try
        {
            var (one, two) = (nodes[0], nodes[1]);
            var (gateway, gatewaySecret) = await one.CreateClientAsync(introspect: true);
            async Task<bool> AllowedOnTwo()
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "/warden/allowed")
                {
                    Content = System.Net.Http.Json.JsonContent.Create(new { subject = "svc-a", action = "read", resource = "orders:1" }),
                };
                request.Headers.Authorization = TollgateHost.Basic(gateway, gatewaySecret);
                var response = await two.Http.SendAsync(request);
                return response.IsSuccessStatusCode && (await response.JsonAsync())["allowed"]!.GetValue<bool>();
            }

            var created = await one.AdminOkAsync(HttpMethod.Post, "/admin/policies", new { subjects = new[] { "svc-a" }, actions = new[] { "read" }, resources = new[] { "orders:<.*>" } });
            await EventuallyAsync(AllowedOnTwo, "allow policy made on node 1, allowed on node 2");
            await one.AdminOkAsync(HttpMethod.Patch, $"/admin/policies/{created.Str("id")}", new { effect = "deny" });
            await EventuallyAsync(async () => !await AllowedOnTwo(), "policy turned to deny on node 1, refused on node 2");
            Assert.Equal("deny", (await two.AdminOkAsync(HttpMethod.Get, $"/admin/policies/{created.Str("id")}")).Str("effect"));
        }
        finally
        {
            await StopAsync(nodes);
        }
    }

    [Fact]
    public async Task Revocation_OnOneNode_IsRefusedByTheOthers_AndInTheirFeeds()
    {
        var nodes = await StartNodesAsync(2);
        try
        {
            var (one, two) = (nodes[0], nodes[1]);
            var audience = await one.CreateApiAsync("opaque");
            var (id, secret) = await one.CreateClientAsync();
            await one.GrantAsync(id, audience, "read:contacts");
            var (reader, readerSecret) = await one.CreateClientAsync(introspect: true);
            await EventuallyAsync(async () => await TokenStatusAsync(two, id, secret, audience) == HttpStatusCode.OK, "grant visible on node 2");
            var token = await one.TokenAsync(id, secret, audience);
            await EventuallyAsync(async () => (await two.IntrospectAsync(token, reader, readerSecret))["active"]?.GetValue<bool>() == true, "node 1's opaque token on node 2");

            var revoke = await two.Http.SendAsync(TollgateHost.TokenRequest(id, secret, new() { ["token"] = token }, "/oauth2/revoke"));
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

            await EventuallyAsync(async () => (await one.IntrospectAsync(token, reader, readerSecret))["active"]!.GetValue<bool>() == false, "revoked on node 2, inactive on node 1");
            var feed = new HttpRequestMessage(HttpMethod.Get, "/revocations?since=0") { Headers = { Authorization = TollgateHost.Basic(reader, readerSecret) } };
            var page = JsonNode.Parse(await (await one.Http.SendAsync(feed)).Content.ReadAsStringAsync())!.AsObject();
            Assert.Single(page["entries"]!.AsArray());
            Assert.True(page["version"]!.GetValue<long>() >= 1);
        }
        finally
        {
            await StopAsync(nodes);
        }
    }

    [Fact]
    public async Task KeyRotated_ThroughOneNode_IsPublishedByTheOthers_BeforeItSigns()
    {
        var nodes = await StartNodesAsync(2);
        try
        {
            var (one, two) = (nodes[0], nodes[1]);
            var rotated = await one.AdminOkAsync(HttpMethod.Post, "/admin/keys/rotate", new { alg = "ES256" });
            var kid = rotated["kid"]!.GetValue<string>();
            await EventuallyAsync(async () => (await two.Http.GetStringAsync("/.well-known/jwks.json")).Contains(kid, StringComparison.Ordinal), "successor in node 2's JWKS");
        }
        finally
        {
            await StopAsync(nodes);
        }
    }

    [Fact]
    public async Task PrivateKeyJwtAssertion_UsedOnOneNode_IsRefusedOnTheOther()
    {
        var nodes = await StartNodesAsync(2);
        using var key = Core.Keys.SigningKey.Generate("ES256");
        try
        {
            var (one, two) = (nodes[0], nodes[1]);
            var created = await one.AdminOkAsync(HttpMethod.Post, "/admin/clients", new
            {
                token_endpoint_auth_method = "private_key_jwt", jwks = JsonNode.Parse($"{{\"keys\":[{key.PublicJwk}]}}"),
            });
            var clientId = created["client_id"]!.GetValue<string>();
            var audience = await one.CreateApiAsync();
            await one.GrantAsync(clientId, audience, "read:contacts");
            var now = DateTimeOffset.UtcNow;
            // Both nodes share the issuer, so the assertion's audience is valid on either.
            var assertion = Core.Tokens.JwtWriter.Write(key, "JWT", json =>
            {
                json.WriteString("iss", clientId);
                json.WriteString("sub", clientId);
                json.WriteString("aud", $"{one.Issuer}/oauth2/token");
                json.WriteString("jti", Guid.NewGuid().ToString("N"));
                json.WriteNumber("iat", now.ToUnixTimeSeconds());
                json.WriteNumber("exp", (now + TimeSpan.FromMinutes(2)).ToUnixTimeSeconds());
            });
            HttpRequestMessage Request() => new(HttpMethod.Post, "/oauth2/token")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials", ["audience"] = audience,
                    ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", ["client_assertion"] = assertion,
                }),
            };
            await EventuallyAsync(async () => (await two.AdminAsync(HttpMethod.Get, $"/admin/clients/{clientId}")).StatusCode == HttpStatusCode.OK
                , "client on node 2");   // so node 2's refusal below is the replay, not an unknown client

            Assert.Equal(HttpStatusCode.OK, (await one.Http.SendAsync(Request())).StatusCode);
            var replay = await two.Http.SendAsync(Request());
            Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
            Assert.Equal("invalid_client", JsonNode.Parse(await replay.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
        }
        finally
        {
            await StopAsync(nodes);
        }
    }

    [Fact]
    public async Task Startup_ThreeNodesAtOnce_OnAnEmptyDatabase_CreateOneOfEverything()
    {
        var cs = await TestPostgres.CreateDatabaseAsync();
        var nodes = await StartNodesAsync(3, cs);
        try
        {
            await using var db = NpgsqlDataSource.Create(cs);
            async Task<long> CountAsync(string sql) => (long)(await db.CreateCommand(sql).ExecuteScalarAsync())!;
            Assert.Equal(1, await CountAsync("SELECT count(*) FROM apis"));
            Assert.Equal(1, await CountAsync("SELECT count(*) FROM clients"));
            Assert.Equal(1, await CountAsync("SELECT count(*) FROM grants"));
            Assert.Equal(3, await CountAsync("SELECT count(*) FROM signing_keys"));                 // one per algorithm
            var migrations = typeof(global::Tollgate.Storage.Postgres.PostgresApiStore).Assembly.GetManifestResourceNames()
                .Count(n => n.Contains(".Postgres.Migrations.", StringComparison.Ordinal));
            Assert.True(migrations >= 5);                                                               // 0001_initial .. 0005_audit at least
            Assert.Equal(migrations, await CountAsync("SELECT count(*) FROM schema_migrations"));       // each applied once, by one node
            var jwks = await Task.WhenAll(nodes.Select(n => n.Http.GetStringAsync("/.well-known/jwks.json")));
            Assert.All(jwks, j => Assert.Equal(jwks[0], j));
            foreach (var node in nodes) Assert.Equal("Healthy", await node.Http.GetStringAsync("/health/ready"));
        }
        finally
        {
            await StopAsync(nodes);
        }
    }

    [Fact]
    public async Task KeyRotation_RequestedOnTwoNodesAtOnce_LeavesOneSuccessor()
    {
        var nodes = await StartNodesAsync(2);
        try
        {
            await Task.WhenAll(nodes.Select(n => n.AdminOkAsync(HttpMethod.Post, "/admin/keys/rotate", new { alg = "RS256" })));
            await using var db = NpgsqlDataSource.Create(nodes[0].ConnectionString);
            var keys = (long)(await db.CreateCommand("SELECT count(*) FROM signing_keys WHERE alg = 'RS256'").ExecuteScalarAsync())!;
            var pending = (long)(await db.CreateCommand("SELECT count(*) FROM signing_keys WHERE alg = 'RS256' AND retires_at IS NULL").ExecuteScalarAsync())!;
            Assert.Equal(2, keys);        // the current key and one successor: the second request replaced the first's
            Assert.Equal(1, pending);
        }
        finally
        {
            await StopAsync(nodes);
        }
    }

    [Fact]
    public async Task Node_WithAnotherSystemSecret_RefusesToStart_SayingWhy()
    {
        var nodes = await StartNodesAsync(1);
        var stranger = PostgresHost.Node(nodes[0].ConnectionString, systemSecret: "a-different-system-secret-9876543210");
        try
        {
            var e = await Assert.ThrowsAsync<InvalidOperationException>(stranger.InitializeAsync);
            Assert.Contains("Tollgate:Secrets:System", e.Message);
            Assert.Contains("cannot be decrypted", e.Message);
        }
        finally
        {
            await stranger.DisposeAsync();
            await StopAsync(nodes);
        }
    }
}
