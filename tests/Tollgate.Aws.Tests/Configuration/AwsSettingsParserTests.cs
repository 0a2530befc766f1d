using Microsoft.Extensions.Logging;
using Tollgate.Aws.Configuration;

namespace Tollgate.Aws.Tests.Configuration;

public class AwsSettingsParserTests
{
    private static SettingsResult Parse(params (string Name, string Value)[] variables) =>
        AwsSettingsParser.Parse(variables.ToDictionary(v => v.Name, v => (string?)v.Value));

    [Fact]
    public void Parse_Auth0SampleNames_AreAccepted()
    {
        var result = Parse(("TOKEN_ISSUER", "https://tenant.auth0.com/"), ("JWKS_URI", "https://tenant.auth0.com/.well-known/jwks.json"),
            ("AUDIENCE", "https://contacts.example.com"));

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        var settings = result.Settings!;
        Assert.Equal("https://tenant.auth0.com/", settings.Issuer);
        Assert.Equal(new Uri("https://tenant.auth0.com/.well-known/jwks.json"), settings.JwksUri);
        Assert.Equal(["https://contacts.example.com"], settings.Audiences);
    }

    [Fact]
    public void Parse_OurNames_AreAcceptedWithEveryOption()
    {
        var rules = Path.GetTempFileName();
        var result = Parse(
            ("TOLLGATE_ISSUER", "https://auth.example.com"), ("TOLLGATE_JWKS_URI", "https://auth.example.com/.well-known/jwks.json"),
            ("TOLLGATE_AUDIENCE", "api-one, api-two"), ("TOLLGATE_ALGORITHMS", "RS256,ES256"),
            ("TOLLGATE_CLOCK_SKEW_SECONDS", "10"), ("TOLLGATE_RULES_FILE", rules),
            ("TOLLGATE_INTROSPECTION_URL", "https://auth.example.com/oauth2/introspect"),
            ("TOLLGATE_INTROSPECTION_CLIENT_ID", "gateway"), ("TOLLGATE_INTROSPECTION_CLIENT_SECRET", "s3cret"),
            ("TOLLGATE_USE_PHANTOM_TOKEN", "true"), ("TOLLGATE_TRUSTED_WEB_ORIGINS", "https://app.example.com,http://localhost:5173"),
            ("TOLLGATE_COOKIE_NAME_PREFIX", "tg"), ("TOLLGATE_ENCRYPTION_KEY", new string('a', 64)),
            ("TOLLGATE_HTTP_API_RESPONSE", "IAM"), ("TOLLGATE_LOG_LEVEL", "warning"));

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        var s = result.Settings!;
        Assert.Equal(["api-one", "api-two"], s.Audiences);
        Assert.Equal(["RS256", "ES256"], s.Algorithms);
        Assert.Equal(TimeSpan.FromSeconds(10), s.ClockSkew);
        Assert.Equal(Path.GetFullPath(rules), s.RulesFile);
        Assert.Equal("gateway", s.IntrospectionClientId);
        Assert.Equal("s3cret", s.IntrospectionClientSecret!.Reveal());
        Assert.True(s.UsePhantomToken);
        Assert.Equal(["https://app.example.com", "http://localhost:5173"], s.TrustedWebOrigins);
        Assert.Equal("tg", s.CookieNamePrefix);
        Assert.Equal(HttpApiResponseMode.Iam, s.HttpApiResponse);
        Assert.Equal(LogLevel.Warning, s.LogLevel);
    }

    [Fact]
    public void Parse_CuritySampleIntrospectionNames_AreAccepted()
    {
        var result = Parse(("INTROSPECTION_URL", "https://auth.example.com/introspect"), ("CLIENT_ID", "gw"),
            ("CLIENT_SECRET", "x"), ("USE_PHANTOM_TOKEN", "1"));

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(new Uri("https://auth.example.com/introspect"), result.Settings!.IntrospectionUrl);
        Assert.True(result.Settings.UsePhantomToken);
    }

    [Fact]
    public void Parse_OnlyJwks_UsesSafeDefaults()
    {
        var result = Parse(("JWKS_URI", "https://a/jwks"), ("TOKEN_ISSUER", "https://a/"), ("AUDIENCE", "api"));

        var s = result.Settings!;
        Assert.Equal(["RS256"], s.Algorithms);
        Assert.Equal(TimeSpan.FromSeconds(30), s.ClockSkew);
        Assert.Equal(HttpApiResponseMode.Simple, s.HttpApiResponse);
        Assert.Equal(LogLevel.Information, s.LogLevel);
        Assert.Null(s.RulesFile);
        Assert.False(s.UsePhantomToken);
    }

    [Fact]
    public void Parse_NothingSet_ReportsThatNoValidationIsConfigured()
    {
        var result = Parse();

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Contains("JWKS_URI", error);
        Assert.Contains("INTROSPECTION_URL", error);
    }

    [Fact]
    public void Parse_ManyProblems_ListsEveryError()
    {
        var result = Parse(
            ("JWKS_URI", "http://auth.example.com/jwks"),           // http on a public host
            ("TOLLGATE_ALGORITHMS", "RS256,HS256,none"),             // symmetric / none
            ("TOLLGATE_CLOCK_SKEW_SECONDS", "9999"),                 // out of range
            ("TOLLGATE_RULES_FILE", "/nonexistent/rules.yaml"),      // missing file
            ("INTROSPECTION_URL", "not a url"),                      // not a URL, and no client credentials
            ("TRUSTED_WEB_ORIGINS", "https://app.example.com/path"), // not an origin
            ("ENCRYPTION_KEY", "abc"),                               // too short
            ("TOLLGATE_HTTP_API_RESPONSE", "fancy"),                 // unknown mode
            ("TOLLGATE_LOG_LEVEL", "loud"));                         // unknown level

        Assert.False(result.IsValid);
        Assert.Null(result.Settings);
        string[] expectedMentions =
        [
            "JWKS_URI (or TOLLGATE_JWKS_URI) must be an absolute https URL",
            "HS256, none",
            "TOLLGATE_CLOCK_SKEW_SECONDS must be a whole number from 0 to 300",
            "TOLLGATE_RULES_FILE names '/nonexistent/rules.yaml'",
            "INTROSPECTION_URL (or TOLLGATE_INTROSPECTION_URL) must be an absolute https URL",
            "TOKEN_ISSUER (or TOLLGATE_ISSUER) is required",
            "AUDIENCE (or TOLLGATE_AUDIENCE) is required",
            "CLIENT_ID (or TOLLGATE_INTROSPECTION_CLIENT_ID) and CLIENT_SECRET (or TOLLGATE_INTROSPECTION_CLIENT_SECRET) are required",
            "TRUSTED_WEB_ORIGINS (or TOLLGATE_TRUSTED_WEB_ORIGINS) must list origins",
            "ENCRYPTION_KEY (or TOLLGATE_ENCRYPTION_KEY) must be 64 hexadecimal characters",
            "TOLLGATE_HTTP_API_RESPONSE must be one of simple, iam",
            "TOLLGATE_LOG_LEVEL must be one of",
        ];
        foreach (var mention in expectedMentions)
        {
            Assert.True(result.Errors.Any(e => e.Contains(mention, StringComparison.Ordinal)),
                $"No error mentions '{mention}'. Errors:{Environment.NewLine}{string.Join(Environment.NewLine, result.Errors)}");
        }
        Assert.Equal(expectedMentions.Length, result.Errors.Count);
    }

    [Fact]
    public void Parse_BothNamesWithDifferentValues_IsAnError()
    {
        var result = Parse(("JWKS_URI", "https://a/jwks"), ("TOKEN_ISSUER", "https://a/"), ("TOLLGATE_ISSUER", "https://b/"),
            ("AUDIENCE", "api"));

        var error = Assert.Single(result.Errors);
        Assert.Equal("TOKEN_ISSUER and TOLLGATE_ISSUER are both set, to different values: set only one.", error);
    }

    [Fact]
    public void Parse_BothNamesWithTheSameValue_IsAccepted()
    {
        var result = Parse(("JWKS_URI", "https://a/jwks"), ("TOLLGATE_JWKS_URI", "https://a/jwks"), ("TOKEN_ISSUER", "https://a/"),
            ("AUDIENCE", "api"));

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
    }

    [Fact]
    public void Parse_HttpJwksOnLoopback_IsAcceptedForLocalTesting()
    {
        var result = Parse(("JWKS_URI", "http://127.0.0.1:8080/jwks"), ("TOKEN_ISSUER", "http://127.0.0.1:8080"), ("AUDIENCE", "api"));

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
    }

    [Fact]
    public void Parse_BadEncryptionKey_NeverEchoesTheKey()
    {
        const string key = "not-hex-but-a-secret-value";
        var result = Parse(("JWKS_URI", "https://a/jwks"), ("TOKEN_ISSUER", "https://a/"), ("AUDIENCE", "api"),
            ("TRUSTED_WEB_ORIGINS", "https://app.example.com"), ("ENCRYPTION_KEY", key));

        var error = Assert.Single(result.Errors);
        Assert.DoesNotContain(key, error);
    }

    [Fact]
    public void Parse_PhantomTokenWithoutIntrospection_IsAnError()
    {
        var result = Parse(("JWKS_URI", "https://a/jwks"), ("TOKEN_ISSUER", "https://a/"), ("AUDIENCE", "api"), ("USE_PHANTOM_TOKEN", "true"));

        Assert.Contains(result.Errors, e => e.StartsWith("USE_PHANTOM_TOKEN (or TOLLGATE_USE_PHANTOM_TOKEN) needs", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_AdapterOnly_IgnoresMissingEngineSettings()
    {
        var result = AwsSettingsParser.Parse(new Dictionary<string, string?> { ["TOLLGATE_HTTP_API_RESPONSE"] = "iam" }, SettingsScope.AdapterOnly);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(HttpApiResponseMode.Iam, result.Settings!.HttpApiResponse);
    }

    [Fact]
    public void SettingsToString_WithSecrets_NeverPrintsThem()
    {
        var settings = new AwsAuthorizerSettings
        {
            IntrospectionClientSecret = new SecretString("client-secret-value"),
            EncryptionKey = new SecretString(new string('f', 64)),
        };

        var text = settings.ToString();

        Assert.DoesNotContain("client-secret-value", text);
        Assert.DoesNotContain(new string('f', 64), text);
        Assert.Contains("***", text);
    }
}
