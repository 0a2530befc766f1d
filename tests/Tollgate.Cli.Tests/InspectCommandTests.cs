using Tollgate.Cli.Tests.Infrastructure;

namespace Tollgate.Cli.Tests;

/// <summary><c>decode</c> and <c>decide</c> against the real server: its JWKS, its /decisions.</summary>
public sealed class InspectCommandTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private async Task<(string Api, string Token)> ReaderTokenAsync()
    {
        var api = $"https://insp{Guid.NewGuid():n}.example";
        Assert.Equal(0, (await server.RunAsync("apis", "create", api, "--scope", "read:contacts", "--scope", "write:contacts")).ExitCode);
        var routes = Path.Combine(server.NewDirectory(), "routes.json");
        File.WriteAllText(routes, """{"rules":[{"route":"GET /contacts/{id}","scopes":["read:contacts"]},{"route":"POST /contacts","scopes":["write:contacts"]}]}""");
        Assert.Equal(0, (await server.RunAsync("routes", "set", api, "-f", routes)).ExitCode);
        var client = (await server.RunAsync("clients", "create", "--format", "json")).Json;
        var id = client["client_id"]!.GetValue<string>();
        Assert.Equal(0, (await server.RunAsync("grants", "create", id, api, "--scope", "read:contacts")).ExitCode);
        var token = await server.RunAsync(new Dictionary<string, string?> { ["TOLLGATE_CLIENT_ID"] = id, ["TOLLGATE_CLIENT_SECRET"] = client["client_secret"]!.GetValue<string>() },
            null, "token", "--audience", api);
        Assert.Equal(0, token.ExitCode);
        return (api, token.Stdout.Trim());
    }

    [Fact]
    public async Task Decode_ServersToken_IsValid_AndATamperedOneIsABadSignature()
    {
        var (api, token) = await ReaderTokenAsync();

        var good = await server.RunAsync("decode", token, "--format", "json");
        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Equal("valid", good.Json["validation"]!.GetValue<string>());
        Assert.Equal("at+jwt", good.Json["header"]!["typ"]!.GetValue<string>());
        Assert.Equal(api, good.Json["claims"]!["aud"]!.GetValue<string>());

        var parts = token.Split('.');
        var signature = parts[2].ToCharArray();
        signature[5] = signature[5] == 'A' ? 'B' : 'A';
        var tampered = await server.RunAsync("decode", $"{parts[0]}.{parts[1]}.{new string(signature)}");
        Assert.Equal(ExitCodes.Refused, tampered.ExitCode);
        Assert.Contains("bad_signature", tampered.Stderr);

        Assert.Equal(ExitCodes.Usage, (await server.RunAsync("decode", "tgat_opaque")).ExitCode);
    }

    [Fact]
    public async Task Decide_AllowsTheGrantedRoute_RefusesTheOtherWithTheReasonAndScope()
    {
        var (_, token) = await ReaderTokenAsync();

        var allowed = await server.RunAsync("decide", "--method", "GET", "--path", "/contacts/7", token, "--format", "json");
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Equal("allow", allowed.Json["decision"]!.GetValue<string>());

        var refused = await server.RunAsync("decide", "--method", "POST", "--path", "/contacts", token, "--format", "json");
        Assert.Equal(ExitCodes.Refused, refused.ExitCode);
        Assert.Equal("forbidden", refused.Json["decision"]!.GetValue<string>());
        Assert.Equal("insufficient_scope", refused.Json["reason"]!.GetValue<string>());
        Assert.Equal("write:contacts", refused.Json["required_scope"]!.GetValue<string>());

        var noRule = await server.RunAsync("decide", "--method", "DELETE", "--path", "/elsewhere", token);
        Assert.Equal(ExitCodes.Refused, noRule.ExitCode);
        Assert.Contains("no_matching_rule", noRule.Stdout);
    }

    [Fact]
    public async Task Decide_PastTheRateLimitSetFromYaml_IsRateLimitedWithRetryAfter()
    {
        var (api, token) = await ReaderTokenAsync();
        var routes = Path.Combine(server.NewDirectory(), "routes.yaml");
        File.WriteAllText(routes, "rules:\n- route: GET /contacts/{id}\n  scopes: [read:contacts]\nrate_limit: {requests_per_second: 0.001, burst: 1}\n");
        var set = await server.RunAsync("routes", "set", api, "-f", routes);
        Assert.True(set.ExitCode == 0, set.ToString());

        Assert.Equal(0, (await server.RunAsync("decide", "--method", "GET", "--path", "/contacts/7", token)).ExitCode);
        var limited = await server.RunAsync("decide", "--method", "GET", "--path", "/contacts/7", token, "--format", "json");

        Assert.Equal(ExitCodes.Refused, limited.ExitCode);
        Assert.Equal("rate_limited", limited.Json["decision"]!.GetValue<string>());
        Assert.Equal("rate_limited", limited.Json["reason"]!.GetValue<string>());
        Assert.InRange(limited.Json["retry_after"]!.GetValue<long>(), 990, 1000);
        Assert.Contains("retry after", limited.Stderr);
    }
}
