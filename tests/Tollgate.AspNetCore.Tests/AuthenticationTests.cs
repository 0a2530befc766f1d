using System.Net;
using Tollgate.AspNetCore.Tests.Infrastructure;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.AspNetCore.Tests;

/// <summary>AddTollgate with RequireScope policies: 200 / 401 / 403 and their RFC 6750 challenges, revocation, introspection.</summary>
public sealed class AuthenticationTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Token_WithTheScope_Is200_AndNamesTheClient()
    {
        await using var api = await ProtectedApi.StartAsync(server.Options());
        var response = await api.SendAsync(HttpMethod.Get, "/contacts", await server.TokenAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"contacts for {server.Caller.Id}", await response.Content.ReadAsStringAsync());
        Assert.Contains(api.LogLines, l => l.Contains("allowed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoToken_Is401_WithABareBearerChallenge()
    {
        await using var api = await ProtectedApi.StartAsync(server.Options());
        var response = await api.SendAsync(HttpMethod.Get, "/whoami", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task MalformedToken_Is401_InvalidToken_AndTheReasonIsLogged()
    {
        await using var api = await ProtectedApi.StartAsync(server.Options());
        var response = await api.SendAsync(HttpMethod.Get, "/whoami", "not.a.jwt");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("error=\"invalid_token\"", challenge);
        Assert.Contains("malformed_token", challenge);
        Assert.Contains(api.LogLines, l => l.Contains("malformed_token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TokenForAnotherApi_Is401_WrongAudience()
    {
        await using var api = await ProtectedApi.StartAsync(server.Options());
        var response = await api.SendAsync(HttpMethod.Get, "/whoami", await server.TokenAsync(server.OtherAudience));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("wrong_audience", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task TokenWithoutTheScope_Is403_InsufficientScope_NamingIt()
    {
        await using var api = await ProtectedApi.StartAsync(server.Options());
        var response = await api.SendAsync(HttpMethod.Post, "/contacts", await server.TokenAsync());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Bearer error=\"insufficient_scope\", scope=\"write:contacts\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task RevokedJwt_IsRefused_WithinTheFeedInterval()
    {
        await using var api = await ProtectedApi.StartAsync(server.Options());
        var token = await server.TokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Get, "/whoami", token)).StatusCode);

        var revoke = await server.Host.Http.SendAsync(TollgateHost.TokenRequest(server.Caller.Id, server.Caller.Secret, new() { ["token"] = token }, "/oauth2/revoke"));
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        HttpResponseMessage? last = null;
        for (var i = 0; i < 40; i++)   // the feed polls every 200 ms: refused within a few polls
        {
            last = await api.SendAsync(HttpMethod.Get, "/whoami", token);
            if (last.StatusCode == HttpStatusCode.Unauthorized) break;
            await Task.Delay(100);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, last!.StatusCode);
        Assert.Contains("revoked", last.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task OpaqueToken_IsIntrospected_WhenEnabled()
    {
        var token = await server.TokenAsync(server.OpaqueAudience);
        Assert.NotEqual(3, token.Split('.').Length);

        await using var withIntrospection = await ProtectedApi.StartAsync(server.Options(o => { o.Audience = server.OpaqueAudience; o.UseIntrospection = true; }));
        Assert.Equal(HttpStatusCode.OK, (await withIntrospection.SendAsync(HttpMethod.Get, "/contacts", token)).StatusCode);

        await using var jwtOnly = await ProtectedApi.StartAsync(server.Options(o => o.Audience = server.OpaqueAudience));
        Assert.Equal(HttpStatusCode.Unauthorized, (await jwtOnly.SendAsync(HttpMethod.Get, "/contacts", token)).StatusCode);
    }
}
