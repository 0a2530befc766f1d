using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tollgate.Authorizer.TokenHandler;
using Tollgate.Interop.Tests.Infrastructure;

namespace Tollgate.Interop.Tests;

/// <summary>
/// The token-handler OAuth Proxy end to end: the real server issues an opaque token, the test
/// encrypts it into a cookie as an OAuth Agent would, and the real Lambda authorizer process
/// (REST REQUEST event with Cookie and Origin) exchanges it at the server's introspection endpoint
/// for a JWT (phantom token) that the upstream would receive as <c>Authorization: Bearer</c>.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class TokenHandlerTests(InteropFixture fixture) : IAsyncLifetime
{
    private const string Origin = "https://app.example.com";
    private const string Csrf = "csrf-2b7d9e41";
    private readonly string _key = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
    private readonly string _rules = Path.Combine(Path.GetTempPath(), $"tollgate-th-rules-{Guid.NewGuid():N}.yaml");
    private ClientCredentials _spa = null!;
    private ClientCredentials _gateway = null!;
    private string _opaque = "";

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_rules, """
            rules:
              - route: GET /contacts
                any: [read:contacts, write:contacts]
              - route: POST /contacts
                all: [write:contacts]
            """);
        _spa = await fixture.Http.CreateClientAsync("th-spa-backend", "client_secret_basic", allowIntrospection: false);
        await fixture.Http.CreateGrantAsync(_spa.ClientId, InteropFixture.OpaqueAudience, "read:contacts", "write:contacts");
        _gateway = await fixture.Http.CreateClientAsync("th-gateway", "client_secret_basic", allowIntrospection: true);
        _opaque = await fixture.Http.AccessTokenAsync(_spa, InteropFixture.OpaqueAudience, "read:contacts write:contacts");
    }

    public Task DisposeAsync()
    {
        File.Delete(_rules);
        return Task.CompletedTask;
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["TOKEN_ISSUER"] = fixture.Server.Url,
        ["JWKS_URI"] = fixture.Server.Url + "/.well-known/jwks.json",
        ["AUDIENCE"] = InteropFixture.OpaqueAudience,
        ["INTROSPECTION_URL"] = fixture.Server.Url + "/oauth2/introspect",
        ["CLIENT_ID"] = _gateway.ClientId,
        ["CLIENT_SECRET"] = _gateway.ClientSecret,
        ["USE_PHANTOM_TOKEN"] = "true",
        ["TRUSTED_WEB_ORIGINS"] = Origin,
        ["COOKIE_NAME_PREFIX"] = "th",
        ["ENCRYPTION_KEY"] = _key,
        ["TOLLGATE_RULES_FILE"] = _rules,
    };

    private string Event(string method, string csrfHeader)
    {
        var cookies = $"theme=dark; th-at={CookieEncryption.Encrypt(_opaque, _key)}; th-csrf={CookieEncryption.Encrypt(Csrf, _key)}";
        return File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "rest-request-cookie-event.json"))
            .Replace("{method}", method, StringComparison.Ordinal).Replace("{origin}", Origin, StringComparison.Ordinal)
            .Replace("{cookies}", cookies, StringComparison.Ordinal).Replace("{csrf}", csrfHeader, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpaqueTokenCookie_PhantomExchange_ForwardsAJwtSignedByTollgateWithTheTokensClientAndScopes()
    {
        var result = await BootstrapInvoke.RunAsync(Event("GET", ""), Environment());

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}\n{fixture.Server.RecentOutput}");
        using var response = JsonDocument.Parse(result.Stdout);
        Assert.Equal(_spa.ClientId, response.RootElement.GetProperty("principalId").GetString());
        var authorization = response.RootElement.GetProperty("context").GetProperty("authorization").GetString()!;
        Assert.StartsWith("Bearer ", authorization);
        var jwt = authorization["Bearer ".Length..];
        Assert.NotEqual(_opaque, jwt);
        Assert.DoesNotContain(_opaque, result.Stderr);

        var keys = new JsonWebKeySet((await fixture.Http.GetJsonAsync("/.well-known/jwks.json")).GetRawText());
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = fixture.Server.Url,
            ValidAudience = _gateway.ClientId,
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidTypes = ["token-introspection+jwt"],
            ValidAlgorithms = ["RS256"],
            RequireExpirationTime = false,
        });
        Assert.True(validation.IsValid, validation.Exception?.ToString());
        using var introspection = JsonDocument.Parse(((JsonWebToken)validation.SecurityToken).GetPayloadValue<JsonElement>("token_introspection").GetRawText());
        Assert.True(introspection.RootElement.GetProperty("active").GetBoolean());
        Assert.Equal(_spa.ClientId, introspection.RootElement.GetProperty("client_id").GetString());
        Assert.Equal("read:contacts write:contacts", introspection.RootElement.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task OpaqueTokenCookie_PostWithWrongCsrf_IsRefusedUnauthorized()
    {
        var result = await BootstrapInvoke.RunAsync(Event("POST", "not-the-csrf-token"), Environment());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("\"errorMessage\":\"Unauthorized\"", result.Stdout);
        Assert.Contains("csrf_failed", result.Stderr);
    }

    [Fact]
    public async Task OpaqueTokenCookie_PostWithRightCsrf_IsAllowed()
    {
        var result = await BootstrapInvoke.RunAsync(Event("POST", Csrf), Environment());

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        Assert.Contains("\"authorization\":\"Bearer ey", result.Stdout);
    }

    /// <summary>Introspection without the token handler: an opaque token in the Authorization header of a TOKEN event.</summary>
    [Fact]
    public async Task OpaqueBearerToken_Introspected_IsAllowedForItsClientAndAnUnknownOneIsNot()
    {
        var environment = Environment();
        foreach (var name in new[] { "USE_PHANTOM_TOKEN", "TRUSTED_WEB_ORIGINS", "COOKIE_NAME_PREFIX", "ENCRYPTION_KEY" }) environment.Remove(name);

        var allowed = await BootstrapInvoke.RunAsync(Aws.AuthorizerEvents.Build(Aws.EventShape.RestToken, Aws.ApiCall.ListContacts, "Bearer " + _opaque), environment);
        var unknown = await BootstrapInvoke.RunAsync(Aws.AuthorizerEvents.Build(Aws.EventShape.RestToken, Aws.ApiCall.ListContacts, "Bearer " + _opaque[..^4] + "AAAA"), environment);

        Assert.True(allowed.ExitCode == 0, $"exit {allowed.ExitCode}\n{allowed.Stdout}\n{allowed.Stderr}");
        using var response = JsonDocument.Parse(allowed.Stdout);
        Assert.Equal(_spa.ClientId, response.RootElement.GetProperty("principalId").GetString());
        Assert.Equal("Allow", response.RootElement.GetProperty("policyDocument").GetProperty("Statement")[0].GetProperty("Effect").GetString());
        Assert.DoesNotContain(_opaque, allowed.Stderr);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("\"errorMessage\":\"Unauthorized\"", unknown.Stdout);
    }
}
