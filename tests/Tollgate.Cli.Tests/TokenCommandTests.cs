using Tollgate.Cli.Tests.Infrastructure;

namespace Tollgate.Cli.Tests;

/// <summary><c>token</c>, <c>introspect</c>, <c>revoke</c> as a service client against the real server.</summary>
public sealed class TokenCommandTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Token_IntrospectActive_RevokeThenInactive()
    {
        var api = $"https://tok{Guid.NewGuid():n}.example";
        Assert.Equal(0, (await server.RunAsync("apis", "create", api, "--scope", "read")).ExitCode);
        var client = (await server.RunAsync("clients", "create", "--format", "json")).Json;
        var id = client["client_id"]!.GetValue<string>();
        Assert.Equal(0, (await server.RunAsync("grants", "create", id, api, "--scope", "read")).ExitCode);
        var asClient = new Dictionary<string, string?> { ["TOLLGATE_CLIENT_ID"] = id, ["TOLLGATE_CLIENT_SECRET"] = client["client_secret"]!.GetValue<string>() };

        var token = await server.RunAsync(asClient, null, "token", "--audience", api);
        Assert.True(token.ExitCode == 0, token.ToString());
        var jwt = token.Stdout.Trim();
        Assert.Equal(3, jwt.Split('.').Length);

        var active = await server.RunAsync("introspect", jwt, "--format", "json");
        Assert.True(active.ExitCode == 0, active.ToString());
        Assert.Equal(id, active.Json["client_id"]!.GetValue<string>());

        Assert.Equal(0, (await server.RunAsync(asClient, null, "revoke", jwt)).ExitCode);
        var revoked = await server.RunAsync("introspect", jwt);
        Assert.Equal(ExitCodes.Refused, revoked.ExitCode);
        Assert.Contains("not active", revoked.Stderr);

        var unknownAudience = await server.RunAsync(asClient, null, "token", "--audience", "urn:nowhere");
        Assert.NotEqual(0, unknownAudience.ExitCode);
        Assert.Contains("400", unknownAudience.Stderr);
    }
}
