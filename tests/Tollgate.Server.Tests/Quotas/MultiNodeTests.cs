using System.Diagnostics;
using System.Net;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Quotas;

/// <summary>
/// Quotas are counted per node (docs/operations.md, "Several nodes"): two real servers on one PostgreSQL
/// database each allow a client its whole quota, so with N nodes a client can get up to N × its quota.
/// </summary>
public sealed class MultiNodeTests
{
    private static async Task WaitForAsync(TollgateHost node, string path)
    {
        var clock = Stopwatch.StartNew();
        while ((await node.AdminAsync(HttpMethod.Get, path)).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{path} did not reach the other node");
            await Task.Delay(20);
        }
    }

    private static async Task<HttpStatusCode> TokenStatusAsync(TollgateHost node, string id, string secret)
        => (await node.Http.SendAsync(TollgateHost.TokenRequest(id, secret, new() { ["grant_type"] = "client_credentials" }))).StatusCode;

    [Fact]
    public async Task TwoNodesOnOneDatabase_EachCountTheQuotaOnItsOwn()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        PostgresHost[] nodes = [PostgresHost.Node(connectionString), PostgresHost.Node(connectionString)];
        await Task.WhenAll(nodes.Select(n => n.InitializeAsync()));
        try
        {
            var (a, b) = (nodes[0], nodes[1]);
            var audience = await a.CreateApiAsync();
            var (id, secret) = await a.CreateClientAsync();
            await a.AdminOkAsync(HttpMethod.Patch, $"/admin/clients/{id}", new { token_quota = new { per_minute = 2 } });
            var grant = await a.GrantAsync(id, audience, "read:contacts");
            await WaitForAsync(b, $"/admin/grants/{grant.Str("id")}");
            var client = await b.AdminOkAsync(HttpMethod.Get, $"/admin/clients/{id}");
            Assert.Equal(2, client["token_quota"]!["per_minute"]!.GetValue<int>());

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests],
                [await TokenStatusAsync(a, id, secret), await TokenStatusAsync(a, id, secret), await TokenStatusAsync(a, id, secret)]);
            // Node b has counted nothing yet: the client gets its quota again there (2 nodes: up to 2 × the quota).
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests],
                [await TokenStatusAsync(b, id, secret), await TokenStatusAsync(b, id, secret), await TokenStatusAsync(b, id, secret)]);
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }
}
