using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using Tollgate.Authorizer.TokenHandler;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Decisions;

public sealed class TokenHandlerHost() : TollgateHost(null)
{
    public const string Key = "7b99279ab87533d3c238db874a842a91ee26a76027f3c03c317504963d2c9926";
    public const string Origin = "https://app.example";

    protected override bool UseKestrel => false;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Tollgate:Decisions:TokenHandler:TrustedWebOrigins:0"] = Origin;
        settings["Tollgate:Decisions:TokenHandler:CookieNamePrefix"] = "example";
        settings["Tollgate:Decisions:TokenHandler:EncryptionKey"] = Key;
        settings["Tollgate:Decisions:TokenHandler:UsePhantomToken"] = "true";
    }
}

/// <summary>The OAuth Proxy in serve's /decisions: cookie in, origin and CSRF checked, a JWT out for nginx to forward.</summary>
public sealed class TokenHandlerDecisionTests(TokenHandlerHost host) : IClassFixture<TokenHandlerHost>
{
    private async Task<(string Audience, string ClientId, string Cookies, string Csrf)> BrowserSessionAsync()
    {
        var audience = await host.CreateApiAsync("opaque");
        await host.AdminAsync(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(audience)}/routes", ForwardAuthTests<TokenHandlerHost>.Rules);
        var (id, secret) = await host.CreateClientAsync();
        await host.GrantAsync(id, audience, "read:contacts", "write:contacts");
        var opaque = await host.TokenAsync(id, secret, audience);
        const string csrf = "csrf-token-value-1234";
        var cookies = $"example-at={CookieEncryption.Encrypt(opaque, TokenHandlerHost.Key)}; example-csrf={CookieEncryption.Encrypt(csrf, TokenHandlerHost.Key)}";
        return (audience, id, cookies, csrf);
    }

    private Task<HttpResponseMessage> DecideAsync(string audience, string method, string cookies, string? origin, string? csrf = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/decisions");
        request.Headers.Add("X-Tollgate-Audience", audience);
        request.Headers.Add("X-Original-Method", method);
        request.Headers.Add("X-Original-URI", "/contacts");
        request.Headers.Add("Cookie", cookies);
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (csrf is not null) request.Headers.Add("x-example-csrf", csrf);
        return host.Http.SendAsync(request);
    }

    [Fact]
    public async Task CookieWithOpaqueToken_IsExchangedForAJwtToForward()
    {
        var (audience, clientId, cookies, _) = await BrowserSessionAsync();
        var response = await DecideAsync(audience, "GET", cookies, TokenHandlerHost.Origin);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var forwarded = response.Headers.GetValues("X-Tollgate-Authorization").Single();
        Assert.StartsWith("Bearer ey", forwarded);
        var jwt = new JsonWebToken(forwarded["Bearer ".Length..]);
        Assert.Equal(host.Issuer, jwt.Issuer);
        Assert.Contains(jwt.Kid, await host.Http.GetStringAsync("/.well-known/jwks.json"));
        Assert.Equal(clientId, response.Headers.GetValues("X-Tollgate-Client-Id").Single());
        Assert.DoesNotContain("tgat_", forwarded);
    }

    [Fact]
    public async Task WrongOrigin_MissingCsrf_TamperedCookie_AreRefused()
    {
        var (audience, _, cookies, csrf) = await BrowserSessionAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(audience, "GET", cookies, "https://evil.example")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(audience, "GET", cookies, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(audience, "POST", cookies, TokenHandlerHost.Origin)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(audience, "POST", cookies, TokenHandlerHost.Origin, "wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(audience, "POST", cookies, TokenHandlerHost.Origin, csrf)).StatusCode);
        var tampered = cookies.Replace("example-at=A", "example-at=B");
        Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(audience, "GET", tampered, TokenHandlerHost.Origin)).StatusCode);
    }

    private Task<HttpResponseMessage> PreflightAsync(string? origin, string requestMethod = "POST")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/decisions");
        request.Headers.Add("X-Original-Method", "OPTIONS");
        request.Headers.Add("X-Original-URI", "/contacts");
        request.Headers.Add("Access-Control-Request-Method", requestMethod);
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-example-csrf");
        if (origin is not null) request.Headers.Add("Origin", origin);
        return host.Http.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    [Fact]
    public async Task Preflight_TrustedOrigin_IsAnsweredWithTheEchoedOriginAndCredentials()
    {
        var response = await PreflightAsync(TokenHandlerHost.Origin);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(TokenHandlerHost.Origin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Equal(TokenHandlerCors.AllowedMethods, Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("Content-Type, x-example-csrf", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("86400", Header(response, "Access-Control-Max-Age"));
        Assert.Equal("Origin", Header(response, "Vary"));
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("https://APP.example")]
    [InlineData("https://app.example/")]
    [InlineData(null)]
    public async Task Preflight_UntrustedOrMissingOrigin_IsRefusedWithoutCorsHeaders(string? origin)
    {
        var response = await PreflightAsync(origin);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("\"error\":\"untrusted_origin\"", await response.Content.ReadAsStringAsync());
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
        Assert.Equal("Origin", Header(response, "Vary"));
    }

    [Fact]
    public async Task Decisions_TrustedOrigin_CarryCorsHeadersOnAllowAndRefusal()
    {
        var (audience, _, cookies, _) = await BrowserSessionAsync();

        var allowed = await DecideAsync(audience, "GET", cookies, TokenHandlerHost.Origin);
        var refused = await DecideAsync(audience, "POST", cookies, TokenHandlerHost.Origin, "wrong-csrf");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        foreach (var response in new[] { allowed, refused })
        {
            Assert.Equal(TokenHandlerHost.Origin, Header(response, "Access-Control-Allow-Origin"));
            Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
            Assert.Equal("Origin", Header(response, "Vary"));
            Assert.Null(Header(response, "Access-Control-Allow-Methods")); // preflight only
        }
    }

    [Fact]
    public async Task Decisions_UntrustedOrigin_AreRefusedWithoutAnEchoedOrigin()
    {
        var (audience, _, cookies, _) = await BrowserSessionAsync();

        var response = await DecideAsync(audience, "GET", cookies, "https://evil.example");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("untrusted_origin", Header(response, "WWW-Authenticate"));
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("Origin", Header(response, "Vary"));
    }
}
