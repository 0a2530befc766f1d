using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Hosting;

/// <summary>
/// <c>Tollgate:ForwardedHeaders</c>: the caller's address (a policy's <c>remoteIPAddress</c>) comes from
/// <c>X-Forwarded-For</c> only when the connection is from a listed proxy; anyone else's headers are ignored,
/// and the configured issuer never follows <c>X-Forwarded-Host</c>. Real Kestrel, the test client on 127.0.0.1.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string Rules = """{"rules":[{"route":"GET /orders/{id}","any":["read:contacts"],"resource":"resources:orders:{id}"}]}""";

    [Fact]
    public async Task FromTrustedProxy_TheForwardedAddressIsTheCaller()
    {
        await using var host = await StartAsync("127.0.0.1");
        var (audience, token) = await OrdersAsync(host);

        Assert.Equal(HttpStatusCode.OK, await DecideAsync(host, audience, token, forwardedFor: "198.51.100.9, 203.0.113.7"));
        Assert.Equal(HttpStatusCode.Forbidden, await DecideAsync(host, audience, token, forwardedFor: "203.0.113.7, 198.51.100.9"));
        // X-Real-IP is not a header the middleware knows; with trusted proxies configured it is not believed.
        Assert.Equal(HttpStatusCode.Forbidden, await DecideAsync(host, audience, token, forwardedFor: "198.51.100.9", realIp: "203.0.113.7"));
        Assert.Equal(HttpStatusCode.Forbidden, await DecideAsync(host, audience, token));   // 127.0.0.1 itself is outside the network
    }

    [Fact]
    public async Task FromAnUnlistedPeer_ForwardedHeadersAreIgnored()
    {
        await using var host = await StartAsync("10.9.9.9");   // loopback is not a trusted proxy here
        var (audience, token) = await OrdersAsync(host);

        Assert.Equal(HttpStatusCode.Forbidden, await DecideAsync(host, audience, token, forwardedFor: "203.0.113.7"));
        Assert.Equal(HttpStatusCode.Forbidden, await DecideAsync(host, audience, token, realIp: "203.0.113.7"));
    }

    [Fact]
    public async Task ConfiguredIssuer_DoesNotFollowForwardedHost()
    {
        await using var host = await StartAsync("127.0.0.1", issuer: "https://auth.example.com");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/oauth-authorization-server");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "http");
        using var response = await host.Http.SendAsync(request);
        var discovery = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("https://auth.example.com", discovery.Str("issuer"));
        Assert.Equal("https://auth.example.com/oauth2/token", discovery.Str("token_endpoint"));
    }

    [Theory]
    [InlineData("KnownProxies:0", "10.0.0.300", "'10.0.0.300' is not an IP address")]
    [InlineData("KnownNetworks:0", "10.0.0.0/33", "'10.0.0.0/33' is not a CIDR network")]
    [InlineData("ForwardLimit", "0", "ForwardLimit must be between 1 and 10")]
    public async Task BadSettings_StopStartUp_NamingTheValue(string key, string value, string expected)
    {
        var host = new ProxiedHost(new() { ["Tollgate:ForwardedHeaders:" + key] = value });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(host.InitializeAsync);
        Assert.Contains(expected, error.Message);
        await host.DisposeAsync();
    }

    private static async Task<ProxiedHost> StartAsync(string proxy, string? issuer = null)
    {
        var host = new ProxiedHost(new() { ["Tollgate:ForwardedHeaders:KnownProxies:0"] = proxy, ["Tollgate:Issuer"] = issuer });
        await host.InitializeAsync();
        return host;
    }

    /// <summary>An API whose one rule is governed by a policy allowing a reader only from 203.0.113.0/24.</summary>
    private static async Task<(string Audience, string Token)> OrdersAsync(ProxiedHost host)
    {
        var audience = await host.CreateApiAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.AdminAsync(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(audience)}/routes", Rules)).StatusCode);
        var reader = await host.CreateClientAsync();
        await host.GrantAsync(reader.Id, audience, "read:contacts");
        await host.AdminOkAsync(HttpMethod.Post, "/admin/policies", new
        {
            subjects = new[] { reader.Id }, effect = "allow", actions = new[] { "read" }, resources = new[] { "resources:orders:<[0-9]+>" },
            conditions = new Dictionary<string, object> { ["remoteIPAddress"] = new { type = "CIDRCondition", options = new { cidr = "203.0.113.0/24" } } },
        });
        return (audience, await host.TokenAsync(reader.Id, reader.Secret, audience));
    }

    private static async Task<HttpStatusCode> DecideAsync(ProxiedHost host, string audience, string token, string? forwardedFor = null, string? realIp = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/decisions");
        request.Headers.Add("X-Tollgate-Audience", audience);
        request.Headers.Add("X-Original-Method", "GET");
        request.Headers.Add("X-Original-URI", "/orders/42");
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (realIp is not null) request.Headers.Add("X-Real-IP", realIp);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await host.Http.SendAsync(request);
        return response.StatusCode;
    }

    private sealed class ProxiedHost(Dictionary<string, string?> extra) : TollgateHost, IAsyncDisposable
    {
        protected override bool UseKestrel => true;

        protected override void Configure(Dictionary<string, string?> settings)
        {
            foreach (var (key, value) in extra)
                if (value is not null) settings[key] = value;
        }

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
