using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Audit;

/// <summary>
/// Two nodes on one real PostgreSQL database appending at once (catalog writes under the change-feed
/// lock and revocations under the revocation-feed lock, interleaved) still make one chain: consecutive
/// ids, each linked to the one before, verified intact from either node.
/// </summary>
public sealed class AuditClusterTests
{
    [Fact]
    public async Task TwoNodes_WritingConcurrently_KeepOneChain()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var nodes = new[] { PostgresHost.Node(connectionString), PostgresHost.Node(connectionString) };
        await Task.WhenAll(nodes.Select(n => n.InitializeAsync()));
        try
        {
            var before = (await nodes[0].AdminOkAsync(HttpMethod.Get, "/admin/audit/verify"))["head_id"]!.GetValue<long>();
            const int perNode = 12;
            await Task.WhenAll(nodes.SelectMany((node, n) => Enumerable.Range(0, perNode).Select(async i =>
            {
                await node.CreateClientAsync();
                await node.AdminOkAsync(HttpMethod.Post, "/admin/revocations",
                    new { type = "token", jti = $"node{n}-{i}", expires_at = node.Time.GetUtcNow().AddHours(1) });
            })));

            foreach (var node in nodes)
            {
                var result = await node.AdminOkAsync(HttpMethod.Get, "/admin/audit/verify");
                Assert.True(result["ok"]!.GetValue<bool>(), result.ToJsonString());
                Assert.Equal(before + 2 * nodes.Length * perNode, result["head_id"]!.GetValue<long>());
            }
            var page = await nodes[1].AdminOkAsync(HttpMethod.Get, $"/admin/audit?limit=200&cursor=c{before}");
            var ids = page["items"]!.AsArray().Select(e => e!["id"]!.GetValue<long>()).ToList();
            Assert.Equal(Enumerable.Range(1, 2 * nodes.Length * perNode).Select(i => before + i), ids);
            Assert.Equal(nodes.Length * perNode, page["items"]!.AsArray().Count(e => e!["action"]!.GetValue<string>() == "revocation.create"));
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }
}
