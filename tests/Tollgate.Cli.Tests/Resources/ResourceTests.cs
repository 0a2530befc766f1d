using System.Text.Json.Nodes;
using Tollgate.Cli.Tests.Infrastructure;

namespace Tollgate.Cli.Tests.Resources;

/// <summary>Every resource verb against the real server: what it changes there, and its main failures with their exit codes.</summary>
public sealed class ResourceTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():n}"[..(prefix.Length + 10)];

    private async Task<JsonNode> OkJsonAsync(params string[] args)
    {
        var result = await server.RunAsync([.. args, "--format", "json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json;
    }

    [Fact]
    public async Task Apis_CreateGetListUpdateDelete()
    {
        var identifier = $"https://{Unique("api")}.example";
        var created = await OkJsonAsync("apis", "create", identifier, "--name", "Contacts", "--scope", "read:contacts", "--scope", "write:contacts=Write them", "--lifetime", "600");
        Assert.Equal(600, created["access_token_lifetime"]!.GetValue<int>());
        Assert.Equal("Write them", created["scopes"]![1]!["description"]!.GetValue<string>());

        var table = await server.RunAsync("apis", "list");
        Assert.Equal(0, table.ExitCode);
        Assert.Matches(@"ID\s+IDENTIFIER\s+NAME", table.Stdout);
        Assert.Contains(table.Stdout.Split('\n'), line => line.Contains(identifier) && line.Contains("read:contacts write:contacts"));

        var updated = await OkJsonAsync("apis", "update", identifier, "--name", "Renamed", "--token-format", "opaque");
        Assert.Equal("Renamed", updated["name"]!.GetValue<string>());
        Assert.Equal("opaque", (await OkJsonAsync("apis", "get", created["id"]!.GetValue<string>()))["token_format"]!.GetValue<string>());

        var deleted = await server.RunAsync("apis", "delete", identifier);
        Assert.Equal(0, deleted.ExitCode);
        Assert.Equal(ExitCodes.NotFound, (await server.RunAsync("apis", "get", identifier)).ExitCode);
    }

    [Fact]
    public async Task Apis_Duplicate_ExitsConflictWithTheServersDetail()
    {
        var identifier = $"urn:{Unique("dup")}";
        await OkJsonAsync("apis", "create", identifier);

        var again = await server.RunAsync("apis", "create", identifier);

        Assert.Equal(ExitCodes.Conflict, again.ExitCode);
        Assert.Contains("409", again.Stderr);
        Assert.Contains("already exists", again.Stderr);
        Assert.DoesNotContain("   at ", again.Stderr); // no stack trace
    }

    [Fact]
    public async Task Apis_InvalidValues_ExitInvalidNamingEachField()
    {
        var result = await server.RunAsync("apis", "create", "not a uri", "--signing-alg", "HS256");

        Assert.Equal(ExitCodes.Invalid, result.ExitCode);
        Assert.Contains("identifier:", result.Stderr);
        Assert.Contains("signing_alg:", result.Stderr);
    }

    [Fact]
    public async Task Clients_SecretOnlyInCreate_UpdateDelete_AndTheRootClientIsProtected()
    {
        var id = Unique("cli");
        var created = await OkJsonAsync("clients", "create", "--id", id, "--name", "reader", "--allow-introspection", "true", "--metadata", """{"team":"a"}""");
        Assert.StartsWith("tgcs_", created["client_secret"]!.GetValue<string>());
        Assert.Equal("a", created["metadata"]!["team"]!.GetValue<string>());

        var fetched = await OkJsonAsync("clients", "get", id);
        Assert.Null(fetched["client_secret"]);
        Assert.True(fetched["allow_introspection"]!.GetValue<bool>());
        Assert.Equal("reader v2", (await OkJsonAsync("clients", "update", id, "--name", "reader v2"))["client_name"]!.GetValue<string>());
        Assert.Contains(id, (await server.RunAsync("clients", "list")).Stdout);

        Assert.Equal(ExitCodes.Usage, (await server.RunAsync("clients", "create", "--metadata", "{not json")).ExitCode);
        Assert.Equal(ExitCodes.Conflict, (await server.RunAsync("clients", "delete", "tollgate-root")).ExitCode);
        Assert.Equal(0, (await server.RunAsync("clients", "delete", id)).ExitCode);
        Assert.Equal(ExitCodes.NotFound, (await server.RunAsync("clients", "delete", id)).ExitCode);
    }

    [Fact]
    public async Task ClientSecrets_AddListDelete()
    {
        var id = Unique("sec");
        await OkJsonAsync("clients", "create", "--id", id);
        var added = await OkJsonAsync("clients", "secrets", "add", id, "--expires-at", DateTimeOffset.UtcNow.AddDays(30).ToString("O"));
        Assert.StartsWith("tgcs_", added["client_secret"]!.GetValue<string>());

        var listed = (await OkJsonAsync("clients", "secrets", "list", id)).AsArray();
        Assert.Equal(2, listed.Count);
        Assert.All(listed, s => Assert.Null(s!["client_secret"]));

        var secretId = added["id"]!.GetValue<string>();
        Assert.Equal(0, (await server.RunAsync("clients", "secrets", "delete", id, secretId)).ExitCode);
        Assert.Single((await OkJsonAsync("clients", "secrets", "list", id)).AsArray());
        Assert.Equal(ExitCodes.NotFound, (await server.RunAsync("clients", "secrets", "list", "no-such-client")).ExitCode);
    }

    [Fact]
    public async Task Grants_CreateFilterUpdateDelete_AndAnUndefinedScopeIsInvalid()
    {
        var api = $"urn:{Unique("g")}";
        var client = Unique("gc");
        await OkJsonAsync("apis", "create", api, "--scope", "read", "--scope", "write");
        await OkJsonAsync("clients", "create", "--id", client);

        var grant = await OkJsonAsync("grants", "create", client, api, "--scope", "read");
        var grantId = grant["id"]!.GetValue<string>();
        var mine = (await OkJsonAsync("grants", "list", "--client", client)).AsArray();
        Assert.Equal(grantId, Assert.Single(mine)!["id"]!.GetValue<string>());

        var updated = await OkJsonAsync("grants", "update", grantId, "--scope", "read", "--scope", "write");
        Assert.Equal(["read", "write"], updated["scope"]!.AsArray().Select(s => s!.GetValue<string>()));

        var bad = await server.RunAsync("grants", "update", grantId, "--scope", "admin");
        Assert.Equal(ExitCodes.Invalid, bad.ExitCode);
        Assert.Contains("scope", bad.Stderr);

        Assert.Equal(ExitCodes.Conflict, (await server.RunAsync("grants", "create", client, api, "--scope", "read")).ExitCode);
        Assert.Equal(0, (await server.RunAsync("grants", "delete", grantId)).ExitCode);
        Assert.Empty((await OkJsonAsync("grants", "list", "--client", client)).AsArray());
    }

    [Fact]
    public async Task Routes_SetFromYamlThenGet_AndABadRuleIsRefusedKeepingTheOld()
    {
        var api = $"https://{Unique("r")}.example";
        await OkJsonAsync("apis", "create", api, "--scope", "read:contacts", "--scope", "write:contacts");
        var file = Path.Combine(server.NewDirectory(), "routes.yaml");
        File.WriteAllText(file, """
            rules:
              - route: GET /contacts
                any: [read:contacts, write:contacts]
              - route: POST /contacts
                scopes: [write:contacts]
            """);

        var set = await server.RunAsync("routes", "set", api, "-f", file);
        Assert.True(set.ExitCode == 0, set.ToString());
        var table = await server.RunAsync("routes", "get", api);
        Assert.Contains("GET /contacts", table.Stdout);
        Assert.Contains("any of read:contacts write:contacts", table.Stdout);

        File.WriteAllText(file, "rules:\n  - route: GET /x\n    scopes: [undefined:scope]\n");
        var bad = await server.RunAsync("routes", "set", api, "-f", file);
        Assert.Equal(ExitCodes.Invalid, bad.ExitCode);
        Assert.Contains("rules[0]", bad.Stderr);
        Assert.Equal(2, (await OkJsonAsync("routes", "get", api))["rules"]!.AsArray().Count);

        File.WriteAllText(file, "rules: [\n  - broken");
        var unparsable = await server.RunAsync("routes", "set", api, "-f", file);
        Assert.Equal(ExitCodes.Usage, unparsable.ExitCode);
        Assert.Contains("routes.yaml:", unparsable.Stderr);
    }

    [Fact]
    public async Task Keys_ListAndRotateAtATime_TooSoonIsInvalid()
    {
        var keys = (await OkJsonAsync("keys", "list")).AsArray();
        Assert.Contains(keys, k => k!["alg"]!.GetValue<string>() == "ES256" && k["status"]!.GetValue<string>() == "current");

        var at = DateTimeOffset.UtcNow.AddDays(3);
        var rotated = await OkJsonAsync("keys", "rotate", "--alg", "ES256", "--at", at.ToString("O"));
        Assert.Equal("next", rotated["status"]!.GetValue<string>());
        Assert.Contains((await OkJsonAsync("keys", "list")).AsArray(), k => k!["kid"]!.GetValue<string>() == rotated["kid"]!.GetValue<string>());

        var soon = await server.RunAsync("keys", "rotate", "--at", DateTimeOffset.UtcNow.AddSeconds(5).ToString("O"));
        Assert.Equal(ExitCodes.Invalid, soon.ExitCode);
        Assert.Contains("activates_at", soon.Stderr);
    }

    [Fact]
    public async Task Revocations_ClientGrantTokenAndList()
    {
        var client = Unique("rv");
        var api = $"urn:{Unique("rva")}";
        await OkJsonAsync("clients", "create", "--id", client);
        await OkJsonAsync("apis", "create", api);

        var byClient = await OkJsonAsync("revocations", "client", client);
        Assert.Equal("client", byClient["type"]!.GetValue<string>());
        Assert.Equal("grant", (await OkJsonAsync("revocations", "grant", client, api))["type"]!.GetValue<string>());
        var jti = Unique("jti");
        await OkJsonAsync("revocations", "token", jti, "--expires-at", DateTimeOffset.UtcNow.AddMinutes(10).ToString("O"));

        var listed = (await OkJsonAsync("revocations", "list", "--since", (byClient["seq"]!.GetValue<long>() - 1).ToString())).AsArray();
        Assert.Equal(3, listed.Count);
        Assert.Contains(listed, r => r!["jti"]?.GetValue<string>() == jti);

        var past = await server.RunAsync("revocations", "token", "x", "--expires-at", DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"));
        Assert.Equal(ExitCodes.Invalid, past.ExitCode);
        Assert.Contains("expires_at", past.Stderr);
    }

    [Fact]
    public async Task Yaml_Format_IsReadableYaml()
    {
        var result = await server.RunAsync("apis", "get", "tollgate:admin", "--format", "yaml");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("identifier: tollgate:admin", result.Stdout);
        Assert.Contains("- value: tollgate:admin", result.Stdout);
    }
}
