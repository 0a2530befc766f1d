using System.Net;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Quotas;

/// <summary>Real Kestrel; the test client on 127.0.0.1 is a trusted proxy, so X-Forwarded-For names the source address.</summary>
public sealed class LockoutHost() : TollgateHost(null)
{
    protected override bool UseKestrel => true;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Tollgate:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
        settings["Tollgate:Quotas:Lockout:Threshold"] = "3";
        settings["Tollgate:Quotas:Lockout:BaseDelay"] = "00:00:10";
        settings["Tollgate:Quotas:Lockout:MaxDelay"] = "00:00:30";
    }
}

/// <summary>The failed-authentication lockout at the token and introspection endpoints, on the host's fake clock.</summary>
public sealed class LockoutTests(LockoutHost host) : IClassFixture<LockoutHost>
{
    private async Task<HttpResponseMessage> TokenAsync(string id, string secret, string from, string path = "/oauth2/token")
    {
        var form = path == "/oauth2/token" ? new Dictionary<string, string> { ["grant_type"] = "client_credentials" } : new() { ["token"] = "x" };
        var request = TollgateHost.TokenRequest(id, secret, form, path);
        request.Headers.Add("X-Forwarded-For", from);
        return await host.Http.SendAsync(request);
    }

    private async Task<(string Id, string Secret)> ClientAsync(bool introspect = false)
    {
        var audience = await host.CreateApiAsync();
        var (id, secret) = await host.CreateClientAsync(introspect: introspect);
        await host.GrantAsync(id, audience, "read:contacts");
        return (id, secret);
    }

    [Fact]
    public async Task RepeatedInvalidClient_LocksThatAddressOut_WithAGrowingRetryAfter_ButNotOtherAddresses()
    {
        var (id, secret) = await ClientAsync();
        const string attacker = "203.0.113.7", own = "198.51.100.9";
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(id, "wrong-secret", attacker)).StatusCode);

        var locked = await TokenAsync(id, secret, attacker);   // even the right secret: refused before it is checked
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        var body = await locked.JsonAsync();
        Assert.Equal("too_many_requests", body.Str("error"));
        Assert.Equal("10", string.Join(",", locked.Headers.GetValues("Retry-After")));
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(id, secret, own)).StatusCode);

        host.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(id, "wrong-again", attacker)).StatusCode);
        Assert.Equal("20", string.Join(",", (await TokenAsync(id, secret, attacker)).Headers.GetValues("Retry-After")));
        host.Time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(id, "wrong-again", attacker)).StatusCode);
        Assert.Equal("30", string.Join(",", (await TokenAsync(id, secret, attacker)).Headers.GetValues("Retry-After")));   // the cap

        // A success resets: the address starts counting from zero again.
        host.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(id, secret, attacker)).StatusCode);
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(id, "wrong-secret", attacker)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(id, secret, attacker)).StatusCode);
    }

    [Fact]
    public async Task Lockout_AppliesAtTheIntrospectionEndpoint_AndOnlyToThatClientId()
    {
        var (id, secret) = await ClientAsync(introspect: true);
        var (other, otherSecret) = await ClientAsync(introspect: true);
        const string from = "192.0.2.44";
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(id, "nope", from, "/oauth2/introspect")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await TokenAsync(id, secret, from, "/oauth2/introspect")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await TokenAsync(id, secret, from)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(other, otherSecret, from, "/oauth2/introspect")).StatusCode);
    }
}
