using Tollgate.Cli.Tests.Infrastructure;

namespace Tollgate.Cli.Tests;

/// <summary><c>tollgate export</c> against its own server (nothing else writes to it): content, order, no secrets, stable.</summary>
public sealed class ExportTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Export_IsSortedWithoutSecretsOrIds_AndTwoExportsAreIdentical()
    {
        foreach (var api in new[] { "https://zeta.example", "https://alpha.example" })
            Assert.Equal(0, (await server.RunAsync("apis", "create", api, "--scope", "write", "--scope", "read")).ExitCode);
        var routes = Path.Combine(server.NewDirectory(), "routes.yaml");
        File.WriteAllText(routes, "rules:\n  - route: GET /things\n    scopes: [read]\n");
        Assert.Equal(0, (await server.RunAsync("routes", "set", "https://alpha.example", "-f", routes)).ExitCode);
        var secret = (await server.RunAsync("clients", "create", "--id", "svc-b", "--format", "json")).Json["client_secret"]!.GetValue<string>();
        Assert.Equal(0, (await server.RunAsync("clients", "create", "--id", "svc-a", "--name", "A")).ExitCode);
        Assert.Equal(0, (await server.RunAsync("grants", "create", "svc-b", "https://alpha.example", "--scope", "write", "--scope", "read")).ExitCode);

        var first = await server.RunAsync("export");
        Assert.True(first.ExitCode == 0, first.ToString());
        var yaml = first.Stdout;
        Assert.True(yaml.IndexOf("https://alpha.example", StringComparison.Ordinal) < yaml.IndexOf("https://zeta.example", StringComparison.Ordinal));
        Assert.True(yaml.IndexOf("client_id: svc-a", StringComparison.Ordinal) < yaml.IndexOf("client_id: svc-b", StringComparison.Ordinal));
        Assert.Contains("route: GET /things", yaml);
        Assert.Matches(@"client_id: svc-b\s+audience: https://alpha.example\s+scope:\s+- read\s+- write", yaml); // grant scopes sorted
        Assert.DoesNotContain(secret, yaml);
        Assert.DoesNotContain("client_secret:", yaml);
        Assert.DoesNotContain("api_", yaml);
        Assert.DoesNotContain("created_at", yaml);
        Assert.DoesNotContain("tollgate:admin", yaml);
        Assert.DoesNotContain("tollgate-root", yaml);

        var file = Path.Combine(server.NewDirectory(), "export.json");
        Assert.Equal(0, (await server.RunAsync("export", "--format", "json", "-o", file)).ExitCode);
        Assert.Equal(2, System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!["apis"]!.AsArray().Count);
        Assert.Equal(yaml, (await server.RunAsync("export")).Stdout);
    }
}
