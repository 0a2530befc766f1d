using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tollgate.EndToEnd.Tests.Infrastructure;
using static Tollgate.EndToEnd.Tests.Infrastructure.TokenHandlerFixture;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// A browser app's requests through real nginx (TOKEN_HANDLER=on): encrypted cookies holding an
/// opaque token issued by the real server, origin and CSRF checked by serve's /decisions, the
/// phantom exchange in-process, and the API receiving a JWT signed by Tollgate instead of the cookies.
/// </summary>
[Collection(TokenHandlerCollection.Name)]
public sealed class TokenHandlerTests(TokenHandlerFixture th)
{
    private sealed record Answer(HttpStatusCode Status, string Body, Dictionary<string, string> Headers)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
        public override string ToString() => $"{(int)Status} {Body}";
    }

    private static async Task<Answer> BrowserAsync(HttpClient gateway, HttpMethod method, string path, string? cookies, string? origin = Origin,
        string? csrf = null, string? json = null, string? preflightMethod = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (cookies is not null) request.Headers.Add("Cookie", cookies);
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (csrf is not null) request.Headers.Add($"x-{Prefix}-csrf", csrf);
        if (preflightMethod is not null)
        {
            request.Headers.Add("Access-Control-Request-Method", preflightMethod);
            request.Headers.Add("Access-Control-Request-Headers", $"content-type,x-{Prefix}-csrf");
        }
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await gateway.SendAsync(request);
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(), headers);
    }

    /// <summary>Verifies a forwarded JWT as an API would: Tollgate's JWKS, issuer, RFC 9701 type, the gateway audience.</summary>
    private async Task<TokenValidationResult> VerifyAsync(string jwt)
    {
        using var http = new HttpClient { BaseAddress = new Uri(th.Issuer) };
        var keys = new JsonWebKeySet(await http.GetStringAsync("/.well-known/jwks.json"));
        return await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = th.Issuer,
            ValidAudience = "in-process", // the embedded engine's own client id at the in-process introspection
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidTypes = ["token-introspection+jwt"],
            ValidAlgorithms = ["RS256", "ES256", "PS256"],
            RequireExpirationTime = false,
            ClockSkew = TimeSpan.FromSeconds(30),
        });
    }

    private static void AssertCors(Answer answer)
    {
        Assert.Equal(Origin, answer.Header("Access-Control-Allow-Origin"));
        Assert.Equal("true", answer.Header("Access-Control-Allow-Credentials"));
        Assert.Contains("Origin", answer.Header("Vary") ?? "");
    }

    [Fact]
    public async Task Get_OpaqueTokenCookie_ApiReceivesAJwtItCanVerify_AndNoCookie()
    {
        var session = await th.SignInAsync();
        var before = th.Recorder.Received.Count;

        var answer = await BrowserAsync(th.RecordingGateway.Http, HttpMethod.Get, "/contacts/101", session.Cookies);

        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        AssertCors(answer);
        var received = Assert.Single(th.Recorder.Since(before, "/contacts/101"));
        Assert.Null(received.Header("Cookie"));
        var authorization = received.Header("Authorization") ?? "";
        Assert.StartsWith("Bearer ey", authorization);
        Assert.DoesNotContain(session.OpaqueToken, authorization);
        Assert.Equal(th.Spa.ClientId, received.Header("X-Client-Id"));

        var jwt = authorization["Bearer ".Length..];
        var verified = await VerifyAsync(jwt);
        Assert.True(verified.IsValid, verified.Exception?.ToString());
        var introspection = ((JsonWebToken)verified.SecurityToken).GetPayloadValue<JsonElement>("token_introspection");
        Assert.True(introspection.GetProperty("active").GetBoolean());
        Assert.Equal(th.Spa.ClientId, introspection.GetProperty("client_id").GetString());
        Assert.Equal(Api, introspection.GetProperty("aud").ValueKind == JsonValueKind.Array
            ? introspection.GetProperty("aud")[0].GetString() : introspection.GetProperty("aud").GetString());

        // The same check refuses a JWT whose payload was altered: the verification above is real.
        var parts = jwt.Split('.');
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(Base64UrlEncoder.DecodeBytes(parts[1]).Reverse().ToArray())}.{parts[2]}";
        Assert.False((await VerifyAsync(tampered)).IsValid);
    }

    [Fact]
    public async Task Post_CookieAndCsrf_ContactsApiCreatesAsTheSpaClient()
    {
        var session = await th.SignInAsync();

        var answer = await BrowserAsync(th.Gateway.Http, HttpMethod.Post, "/contacts", session.Cookies, csrf: session.Csrf,
            json: """{"name":"Browser Contact"}""");

        Assert.True(answer.Status == HttpStatusCode.Created, answer.ToString());
        AssertCors(answer);
        using var body = JsonDocument.Parse(answer.Body);
        Assert.Equal(th.Spa.ClientId, body.RootElement.GetProperty("created_by").GetString());
    }

    [Fact]
    public async Task Post_CookieAndCsrf_RecordedApiGetsJwtAndNoCookie()
    {
        var session = await th.SignInAsync();
        var before = th.Recorder.Received.Count;

        var answer = await BrowserAsync(th.RecordingGateway.Http, HttpMethod.Post, "/contacts", session.Cookies, csrf: session.Csrf,
            json: """{"name":"Recorded"}""");

        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        var received = Assert.Single(th.Recorder.Since(before, "/contacts"), r => r.Method == "POST");
        Assert.Null(received.Header("Cookie"));
        Assert.True((await VerifyAsync(received.Header("Authorization")!["Bearer ".Length..])).IsValid);
    }

    [Fact]
    public async Task Preflight_TrustedOrigin_AnsweredByTollgateWithTheEchoedOrigin()
    {
        var before = th.Recorder.Received.Count;

        var answer = await BrowserAsync(th.RecordingGateway.Http, HttpMethod.Options, "/contacts/102", cookies: null, preflightMethod: "POST");

        Assert.True(answer.Status == HttpStatusCode.NoContent, answer.ToString());
        AssertCors(answer);
        Assert.Equal("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS", answer.Header("Access-Control-Allow-Methods"));
        Assert.Equal($"Content-Type, x-{Prefix}-csrf", answer.Header("Access-Control-Allow-Headers"));
        Assert.Equal("86400", answer.Header("Access-Control-Max-Age"));
        Assert.Empty(th.Recorder.Since(before, "/contacts/102"));
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("https://app.example:443")]
    [InlineData(null)]
    public async Task Preflight_UntrustedOrMissingOrigin_Refused(string? origin)
    {
        var answer = await BrowserAsync(th.RecordingGateway.Http, HttpMethod.Options, "/contacts/103", cookies: null, origin: origin, preflightMethod: "POST");

        Assert.True(answer.Status == HttpStatusCode.Forbidden, answer.ToString());
        Assert.Contains("untrusted_origin", answer.Body);
        Assert.Null(answer.Header("Access-Control-Allow-Origin"));
        Assert.Null(answer.Header("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Get_UntrustedOrigin_UnauthorizedWithoutCors_AndTheApiSeesNothing()
    {
        var session = await th.SignInAsync();
        var before = th.Recorder.Received.Count;

        var answer = await BrowserAsync(th.RecordingGateway.Http, HttpMethod.Get, "/contacts/104", session.Cookies, origin: "https://evil.example");

        Assert.True(answer.Status == HttpStatusCode.Unauthorized, answer.ToString());
        Assert.Contains("untrusted_origin", answer.Body);
        Assert.Null(answer.Header("Access-Control-Allow-Origin"));
        Assert.Empty(th.Recorder.Since(before, "/contacts/104"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-csrf-value")]
    public async Task Post_MissingOrWrongCsrf_UnauthorizedReadableByTheApp(string? csrf)
    {
        var session = await th.SignInAsync();
        var before = th.Recorder.Received.Count;

        var answer = await BrowserAsync(th.RecordingGateway.Http, HttpMethod.Post, "/contacts", session.Cookies, csrf: csrf, json: """{"name":"x"}""");

        Assert.True(answer.Status == HttpStatusCode.Unauthorized, answer.ToString());
        Assert.Contains("csrf_failed", answer.Body);
        AssertCors(answer); // the SPA can read the 401 and react
        Assert.Empty(th.Recorder.Since(before, "/contacts"));
    }

    [Fact]
    public async Task Get_RevokedOpaqueToken_UnauthorizedOnTheNextCall()
    {
        var session = await th.SignInAsync();
        var first = await BrowserAsync(th.Gateway.Http, HttpMethod.Get, "/contacts", session.Cookies);

        await th.Admin.RevokeAsync(th.Spa, session.OpaqueToken);
        var after = await BrowserAsync(th.Gateway.Http, HttpMethod.Get, "/contacts", session.Cookies);

        Assert.True(first.Status == HttpStatusCode.OK, first.ToString());
        Assert.True(after.Status == HttpStatusCode.Unauthorized, after.ToString());
        AssertCors(after);
    }

    [Fact]
    public async Task Get_OpaqueTokenRevokedBeforeFirstUse_UnauthorizedInactive()
    {
        var session = await th.SignInAsync();
        await th.Admin.RevokeAsync(th.Spa, session.OpaqueToken);

        var answer = await BrowserAsync(th.Gateway.Http, HttpMethod.Get, "/contacts", session.Cookies);

        Assert.True(answer.Status == HttpStatusCode.Unauthorized, answer.ToString());
        Assert.Contains("inactive", answer.Body);
    }

    [Fact]
    public async Task Get_CookieEncryptedWithAnotherKey_Unauthorized()
    {
        var session = await th.SignInAsync();
        var otherKey = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var cookies = $"{Prefix}-at={Tollgate.Authorizer.TokenHandler.CookieEncryption.Encrypt(session.OpaqueToken, otherKey)}";

        var answer = await BrowserAsync(th.Gateway.Http, HttpMethod.Get, "/contacts", cookies);

        Assert.True(answer.Status == HttpStatusCode.Unauthorized, answer.ToString());
        Assert.Contains("invalid_cookie", answer.Body);
    }
}
