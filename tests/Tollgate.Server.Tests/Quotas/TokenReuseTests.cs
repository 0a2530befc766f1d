using System.Net;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Quotas;

/// <summary>A server that reuses tokens for every client while at least 60% of their lifetime is left.</summary>
public sealed class TokenReuseHost() : TollgateHost(null)
{
    protected override bool UseKestrel => false;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Tollgate:Quotas:TokenReuse:Enabled"] = "true";
        settings["Tollgate:Quotas:TokenReuse:MinRemainingFraction"] = "0.6";
    }
}

/// <summary>Token reuse at POST /oauth2/token, on the host's fake clock.</summary>
public sealed class TokenReuseTests(TokenReuseHost host) : IClassFixture<TokenReuseHost>
{
    private async Task<(string Id, string Secret)> ClientAsync(string audience, object? quota = null)
    {
        var (id, secret) = await host.CreateClientAsync();
        if (quota is not null) await host.AdminOkAsync(HttpMethod.Patch, $"/admin/clients/{id}", new { token_quota = quota });
        await host.GrantAsync(id, audience, "read:contacts", "write:contacts");
        return (id, secret);
    }

    private async Task<(HttpStatusCode Status, JsonObject Body, HttpResponseMessage Response)> RequestAsync(string id, string secret, string? scope = null, string path = "/oauth2/token")
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (scope is not null) form["scope"] = scope;
        var response = await host.Http.SendAsync(TollgateHost.TokenRequest(id, secret, form, path));
        return (response.StatusCode, await response.JsonAsync(), response);
    }

    [Fact]
    public async Task RepeatedRequest_GetsTheSameToken_WithItsRemainingLifetime_UntilTooLittleIsLeft()
    {
        var audience = await host.CreateApiAsync(lifetime: 1000);
        var (id, secret) = await ClientAsync(audience);
        var first = (await RequestAsync(id, secret)).Body;
        Assert.Equal(1000, first["expires_in"]!.GetValue<int>());

        host.Time.Advance(TimeSpan.FromSeconds(400));
        var again = (await RequestAsync(id, secret)).Body;
        Assert.Equal(first.Str("access_token"), again.Str("access_token"));
        Assert.Equal(600, again["expires_in"]!.GetValue<int>());

        var narrower = (await RequestAsync(id, secret, "read:contacts")).Body;
        Assert.NotEqual(first.Str("access_token"), narrower.Str("access_token"));
        var (other, otherSecret) = await ClientAsync(audience);
        Assert.NotEqual(first.Str("access_token"), (await RequestAsync(other, otherSecret)).Body.Str("access_token"));

        host.Time.Advance(TimeSpan.FromSeconds(1));   // 599 s of 1000 left: less than 60%
        var fresh = (await RequestAsync(id, secret)).Body;
        Assert.NotEqual(first.Str("access_token"), fresh.Str("access_token"));
        Assert.Equal(1000, fresh["expires_in"]!.GetValue<int>());
    }

    [Fact]
    public async Task RevokedToken_IsNeverReused()
    {
        var audience = await host.CreateApiAsync(format: "opaque");
        var (id, secret) = await ClientAsync(audience);
        var token = (await RequestAsync(id, secret)).Body.Str("access_token");
        Assert.Equal(token, (await RequestAsync(id, secret)).Body.Str("access_token"));

        var revoke = await host.Http.SendAsync(TollgateHost.TokenRequest(id, secret, new() { ["token"] = token }, "/oauth2/revoke"));
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        var next = (await RequestAsync(id, secret)).Body.Str("access_token");
        Assert.NotEqual(token, next);
        Assert.False((await host.IntrospectAsync(token, TollgateHost.RootClientId, TollgateHost.RootSecret))["active"]!.GetValue<bool>());
        Assert.True((await host.IntrospectAsync(next, TollgateHost.RootClientId, TollgateHost.RootSecret))["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ReusedToken_IsNotCountedAgainstTheQuota()
    {
        var audience = await host.CreateApiAsync();
        var (id, secret) = await ClientAsync(audience, new { per_minute = 1 });
        var first = await RequestAsync(id, secret);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        for (var i = 0; i < 3; i++)
        {
            var reused = await RequestAsync(id, secret);
            Assert.Equal((HttpStatusCode.OK, first.Body.Str("access_token")), (reused.Status, reused.Body.Str("access_token")));
            Assert.Equal("0", string.Join(",", reused.Response.Headers.GetValues("RateLimit-Remaining")));
        }
        // A different request needs a new token, and the quota has none left.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await RequestAsync(id, secret, "read:contacts")).Status);
    }
}
