using System.Diagnostics;
using System.Collections.Immutable;
using Tollgate.Core.Apis;
using Tollgate.Core.Catalog;
using Tollgate.Core.Clients;
using Tollgate.Core.Grants;
using Tollgate.Server.Console;
using Xunit.Abstractions;

namespace Tollgate.ConsoleTests;

/// <summary>The console's read side over the in-memory catalog: paging through 10,000 clients, and permissions from the engine's route table.</summary>
public sealed class ConsoleQueriesTests(ITestOutputHelper output)
{
    [Fact]
    public void SearchClients_TenThousand_PagesAndFinds()
    {
        var catalog = new Catalog();
        catalog.Replace(CatalogSnapshot.Empty with
        {
            Clients = ImmutableDictionary.CreateRange(StringComparer.Ordinal,
                Enumerable.Range(0, 10_000).Select(i => KeyValuePair.Create($"svc-{i:D5}", new Client { ClientId = $"svc-{i:D5}", ClientName = i == 4242 ? "Billing exporter" : null }))),
        });
        var queries = new ConsoleQueries(catalog);

        var clock = Stopwatch.StartNew();
        var (first, total) = queries.SearchClients(null, 1);
        var (last, _) = queries.SearchClients(null, 200);
        var (byName, named) = queries.SearchClients("billing", 1);
        var (byId, found) = queries.SearchClients("svc-0999", 1);
        output.WriteLine($"4 searches over 10,000 clients: {clock.Elapsed.TotalMilliseconds:F1} ms");

        Assert.Equal(10_000, total);
        Assert.Equal("svc-00000", first[0].ClientId);
        Assert.Equal(ConsoleQueries.PageSize, first.Count);
        Assert.Equal("svc-09999", last[^1].ClientId);
        Assert.Equal((1, "svc-04242"), (named, byName.Single().ClientId));
        Assert.Equal(10, found);
        Assert.All(byId, c => Assert.StartsWith("svc-0999", c.ClientId));
    }

    [Fact]
    public void PermissionsOf_ReadGrant_AllowsReadsAndNamesWhyTheRestIsRefused()
    {
        var api = new Api
        {
            Id = "api_1", Identifier = "https://orders.example", Scopes = [new ApiScope("read:orders", null), new ApiScope("write:orders", null)],
            Routes = """
                {"rules":[
                  {"route":"GET /orders/**","scopes":["read:orders"]},
                  {"route":"GET /orders/secret","deny":true},
                  {"route":"POST /orders","scopes":["write:orders"]},
                  {"route":"GET /health","anonymous":true}]}
                """,
        };
        var grant = new Grant { Id = "grt_1", ClientId = "reader", Audience = api.Identifier, Scope = ["read:orders"] };

        var permissions = ConsoleQueries.PermissionsOf(api, grant);

        Assert.Equal(["GET /orders/**", "GET /health"], permissions.Allowed.Select(r => $"{r.Method} {r.PathPattern}"));
        Assert.Equal(["GET /orders/secret: rule_denies; more specific than a route it may call", "POST /orders: insufficient_scope: needs all of write:orders"],
            permissions.Refused.Select(r => $"{r.Method} {r.Path}: {r.Reason}"));

        var ungranted = ConsoleQueries.PermissionsOf(api, null);
        Assert.Empty(ungranted.Allowed);
        Assert.Contains(ungranted.Refused, r => r.Path == "/health" && r.Reason.StartsWith("anonymous", StringComparison.Ordinal));
    }
}
