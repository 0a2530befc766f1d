using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.TokenHandler;
using Tollgate.Aws.Configuration;
using Tollgate.Aws.Handling;
using Tollgate.Aws.Logging;
using Tollgate.Aws.Rendering;
using Tollgate.Aws.Runtime;
using Tollgate.Core.Keys;
using Tollgate.Core.Tokens;

namespace Tollgate.Aws.Tests.TokenHandler;

/// <summary>REST REQUEST and HTTP API 2.0 events with token-handler cookies through the real engine (JWTs in the cookie).</summary>
public sealed class CookieAuthorizerTests : IDisposable
{
    private const string Issuer = "https://issuer.example";
    private const string Audience = "https://api.contacts.example";
    private const string Key = "7b99279ab87533d3c238db874a842a91ee26a76027f3c03c317504963d2c9926";
    private const string Origin = "https://app.example.com";
    private const string Csrf = "csrf-4f0c2a";
    private static readonly SigningKey Signer = SigningKey.Generate("RS256");
    private readonly string _rules = Path.GetTempFileName() + ".yaml";
    private readonly StringWriter _log = new();
    private readonly HttpClient _http = new(new JwksHandler());

    public CookieAuthorizerTests() => File.WriteAllText(_rules, """
        rules:
          - route: GET /contacts
            any: [read:contacts, write:contacts]
          - route: POST /contacts
            all: [write:contacts]
        """);

    public void Dispose()
    {
        File.Delete(_rules);
        _http.Dispose();
    }

    private sealed class JwksHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("{\"keys\":[" + Signer.PublicJwk + "]}", Encoding.UTF8, "application/json"),
            });
    }

    private AuthorizerHandler Handler(params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string?>
        {
            ["TOKEN_ISSUER"] = Issuer, ["JWKS_URI"] = Issuer + "/jwks", ["AUDIENCE"] = Audience, ["TOLLGATE_RULES_FILE"] = _rules,
            ["TRUSTED_WEB_ORIGINS"] = Origin, ["COOKIE_NAME_PREFIX"] = CookieEvents.Prefix, ["ENCRYPTION_KEY"] = Key,
        };
        foreach (var (name, value) in extra) environment[name] = value;
        var settings = AwsSettingsParser.Parse(environment);
        Assert.True(settings.IsValid, string.Join(Environment.NewLine, settings.Errors));
        var loggers = new JsonLineLoggerFactory(_log, LogLevel.Information, TimeProvider.System);
        var engine = AuthorizerFactory.Create(settings.Settings!, _http, TimeProvider.System, loggers);
        return new AuthorizerHandler(engine, new RendererSelector(settings.Settings!.HttpApiResponse), loggers.CreateLogger("test"), TimeProvider.System);
    }

    private static string Jwt(string scope, string clientId = "spa-client") =>
        JwtWriter.WriteAccessToken(Signer, new AccessTokenClaims(Issuer, clientId, Audience, scope, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5), "jti-" + clientId));

    private static string Encrypt(string value) => CookieEncryption.Encrypt(value, Key);

    private static JsonElement Parse(InvocationOutcome outcome)
    {
        Assert.Null(outcome.Error);
        return JsonDocument.Parse(outcome.Response!).RootElement;
    }

    [Fact]
    public async Task RestRequest_CookieFromTrustedOrigin_AllowsWithClientIdAsPrincipalAndTheJwtInContext()
    {
        var jwt = Jwt("read:contacts");
        var payload = CookieEvents.Bytes(CookieEvents.RestRequest, "GET", Origin, Encrypt(jwt), null, "");

        var response = Parse(await Handler().HandleAsync(payload, "r", CancellationToken.None));

        Assert.Equal("spa-client", response.GetProperty("principalId").GetString());
        Assert.Equal("Allow", response.GetProperty("policyDocument").GetProperty("Statement")[0].GetProperty("Effect").GetString());
        Assert.Equal("Bearer " + jwt, response.GetProperty("context").GetProperty("authorization").GetString());
        Assert.DoesNotContain(jwt, _log.ToString());
    }

    [Fact]
    public async Task RestRequest_PostWithMatchingCsrf_Allows()
    {
        var jwt = Jwt("write:contacts");
        var payload = CookieEvents.Bytes(CookieEvents.RestRequest, "POST", Origin, Encrypt(jwt), Encrypt(Csrf), Csrf);

        var response = Parse(await Handler().HandleAsync(payload, "r", CancellationToken.None));

        Assert.Equal("Bearer " + jwt, response.GetProperty("context").GetProperty("authorization").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("wrong")]
    public async Task RestRequest_PostWithoutMatchingCsrf_FailsUnauthorized(string header)
    {
        var payload = CookieEvents.Bytes(CookieEvents.RestRequest, "POST", Origin, Encrypt(Jwt("write:contacts")), Encrypt(Csrf), header);

        var outcome = await Handler().HandleAsync(payload, "r", CancellationToken.None);

        Assert.Equal(LambdaError.Unauthorized, outcome.Error);
        Assert.Contains("csrf_failed", _log.ToString());
    }

    [Fact]
    public async Task RestRequest_UntrustedOrigin_FailsUnauthorized()
    {
        var payload = CookieEvents.Bytes(CookieEvents.RestRequest, "GET", "https://evil.example.com", Encrypt(Jwt("read:contacts")), null, "");

        Assert.Equal(LambdaError.Unauthorized, (await Handler().HandleAsync(payload, "r", CancellationToken.None)).Error);
    }

    [Fact]
    public async Task RestRequest_TamperedCookie_FailsUnauthorizedWithoutLoggingIt()
    {
        var cookie = Encrypt(Jwt("read:contacts"));
        var tampered = cookie[..40] + (cookie[40] == 'A' ? 'B' : 'A') + cookie[41..];
        var payload = CookieEvents.Bytes(CookieEvents.RestRequest, "GET", Origin, tampered, null, "");

        var outcome = await Handler().HandleAsync(payload, "r", CancellationToken.None);

        Assert.Equal(LambdaError.Unauthorized, outcome.Error);
        Assert.Contains("invalid_cookie", _log.ToString());
        Assert.DoesNotContain(tampered, _log.ToString());
    }

    [Fact]
    public async Task HttpApiV2_CookiesArray_AllowsWithTheJwtInContext()
    {
        var jwt = Jwt("read:contacts");
        var payload = CookieEvents.Bytes(CookieEvents.HttpApiV2, "GET", Origin, Encrypt(jwt), null, "");

        var response = Parse(await Handler().HandleAsync(payload, "r", CancellationToken.None));

        Assert.True(response.GetProperty("isAuthorized").GetBoolean());
        Assert.Equal("Bearer " + jwt, response.GetProperty("context").GetProperty("authorization").GetString());
        Assert.Equal("spa-client", response.GetProperty("context").GetProperty("client_id").GetString());
    }

    [Fact]
    public async Task HttpApiV2_BearerWithoutCookie_IsRefusedUnlessAllowed()
    {
        var jwt = Jwt("read:contacts");
        var payload = Encoding.UTF8.GetBytes(CookieEvents.Text(CookieEvents.HttpApiV2, "GET", "https://other.example", null, null, "")
            .Replace("\"accept\":", $"\"authorization\": \"Bearer {jwt}\", \"accept\":", StringComparison.Ordinal));

        var refused = await Handler().HandleAsync(payload, "r", CancellationToken.None);
        var allowed = Parse(await Handler(("TOLLGATE_ALLOW_BEARER", "true")).HandleAsync(payload, "r", CancellationToken.None));

        Assert.Equal(LambdaError.Unauthorized, refused.Error);
        Assert.True(allowed.GetProperty("isAuthorized").GetBoolean());
        Assert.False(allowed.GetProperty("context").TryGetProperty("authorization", out _));
    }
}
