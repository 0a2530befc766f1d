using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Cluster;

/// <summary>
/// PostgreSQL stopped under two running nodes, then started again: traffic (tokens of both
/// formats, introspection, decisions) goes on from memory, admin writes answer 503 naming the
/// cause, readiness says the database is down while liveness stays up, and when it is back the
/// nodes reconnect and catch up by themselves. Nothing answers 500.
/// </summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task DatabaseStopped_TrafficGoesOn_AdminWritesFailClearly_ThenEverythingRecovers()
    {
        await using var server = TestPostgres.StartOwn();
        var one = PostgresHost.Node(server.ConnectionString);
        var two = PostgresHost.Node(server.ConnectionString);
        await one.InitializeAsync();
        await two.InitializeAsync();
        try
        {
            var jwtApi = await one.CreateApiAsync("jwt", "ES256");
            var opaqueApi = await one.CreateApiAsync("opaque");
            var (id, secret) = await one.CreateClientAsync();
            await one.GrantAsync(id, jwtApi, "read:contacts");
            await one.GrantAsync(id, opaqueApi, "read:contacts");
            var (reader, readerSecret) = await one.CreateClientAsync(introspect: true);
            await Eventually(async () => (await two.Http.SendAsync(TokenRequest(id, secret, opaqueApi))).StatusCode == HttpStatusCode.OK);

            server.Stop();

            foreach (var node in new[] { one, two })
            {
                foreach (var audience in new[] { jwtApi, opaqueApi })
                {
                    var token = await node.TokenAsync(id, secret, audience);                       // throws unless 200
                    Assert.True((await node.IntrospectAsync(token, reader, readerSecret))["active"]!.GetValue<bool>());
                }
                Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync("/health/alive")).StatusCode);
                var ready = await node.Http.GetAsync("/health/ready");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);

                var write = await node.AdminAsync(HttpMethod.Post, "/admin/clients", new { client_name = "during the outage" });
                Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
                Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
                var problem = JsonNode.Parse(await write.Content.ReadAsStringAsync())!.AsObject();
                Assert.Equal("Database unavailable", problem["title"]!.GetValue<string>());
                Assert.Contains("nothing was changed", problem["detail"]!.GetValue<string>());
            }

            server.Resume();

            // Writes work again without a restart, and the other node catches up with them.
            string? created = null;
            await Eventually(async () =>
            {
                var response = await one.AdminAsync(HttpMethod.Post, "/admin/clients", new { client_name = "after the outage" });
                Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
                if (response.StatusCode != HttpStatusCode.Created) return false;
                created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["client_id"]!.GetValue<string>();
                return true;
            });
            await Eventually(async () => (await two.AdminAsync(HttpMethod.Get, $"/admin/clients/{created}")).StatusCode == HttpStatusCode.OK);
            foreach (var node in new[] { one, two })
                await Eventually(async () => (await node.Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK);
            Assert.DoesNotContain(one.Logs.Entries.Concat(two.Logs.Entries), e => e.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            await one.DisposeAsync();
            await two.DisposeAsync();
        }
    }

    private static HttpRequestMessage TokenRequest(string id, string secret, string audience)
        => TollgateHost.TokenRequest(id, secret, new() { ["grant_type"] = "client_credentials", ["audience"] = audience });

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "not within 20 s");
            await Task.Delay(100);
        }
    }
}
