using Tollgate.Authorizer.Configuration;
using Tollgate.Aws.Configuration;

namespace Tollgate.Aws.Tests.TokenHandler;

/// <summary>From the environment variables users of the reference OAuth proxies know, to the engine's token-handler options.</summary>
public sealed class TokenHandlerSettingsTests
{
    private const string Key = "7b99279ab87533d3c238db874a842a91ee26a76027f3c03c317504963d2c9926";

    private static AwsAuthorizerSettings Settings(params (string Name, string Value)[] variables)
    {
        var environment = new Dictionary<string, string?>
        {
            ["TOKEN_ISSUER"] = "https://issuer.example", ["JWKS_URI"] = "https://issuer.example/jwks", ["AUDIENCE"] = "https://api.example",
        };
        foreach (var (name, value) in variables) environment[name] = value;
        var result = AwsSettingsParser.Parse(environment);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return result.Settings!;
    }

    [Fact]
    public void ToOptions_CuritysNames_BecomeTheTokenHandlerOptions()
    {
        var options = AuthorizerFactory.ToOptions(Settings(("TRUSTED_WEB_ORIGINS", "https://app.example.com,http://localhost:3000"),
            ("COOKIE_NAME_PREFIX", "example"), ("ENCRYPTION_KEY", Key), ("USE_PHANTOM_TOKEN", "true"),
            ("INTROSPECTION_URL", "https://issuer.example/oauth2/introspect"), ("CLIENT_ID", "gateway"), ("CLIENT_SECRET", "s3cret")));

        var th = options.TokenHandler!;
        Assert.Equal(["https://app.example.com", "http://localhost:3000"], th.TrustedWebOrigins);
        Assert.Equal("example", th.CookieNamePrefix);
        Assert.Equal(Key, th.EncryptionKey);
        Assert.True(th.UsePhantomToken);
        Assert.False(th.AllowBearer);
        Assert.Equal("gateway", options.Introspection!.ClientId);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void ToOptions_NoCookieSettings_HasNoTokenHandler() => Assert.Null(AuthorizerFactory.ToOptions(Settings()).TokenHandler);

    [Fact]
    public void ToOptions_AllowToken_TurnsBearerPassThroughOn() =>
        Assert.True(AuthorizerFactory.ToOptions(Settings(("TRUSTED_WEB_ORIGINS", "https://app.example.com"), ("COOKIE_NAME_PREFIX", "th"),
            ("ENCRYPTION_KEY", Key), ("ALLOW_TOKEN", "true"))).TokenHandler!.AllowBearer);

    [Fact]
    public void ToOptions_CookiesWithoutPrefix_StopsNamingTheVariable()
    {
        var error = Assert.Throws<AuthorizerOptionsException>(() =>
            AuthorizerFactory.ToOptions(Settings(("TRUSTED_WEB_ORIGINS", "https://app.example.com"), ("ENCRYPTION_KEY", Key))));

        Assert.Contains(error.Errors, e => e.StartsWith("COOKIE_NAME_PREFIX", StringComparison.Ordinal));
    }

    [Fact]
    public void ToOptions_PhantomWithoutCookies_StopsNamingTheVariables()
    {
        var error = Assert.Throws<AuthorizerOptionsException>(() => AuthorizerFactory.ToOptions(Settings(("USE_PHANTOM_TOKEN", "true"),
            ("INTROSPECTION_URL", "https://issuer.example/oauth2/introspect"), ("CLIENT_ID", "gateway"), ("CLIENT_SECRET", "s3cret"))));

        var message = Assert.Single(error.Errors);
        Assert.StartsWith("USE_PHANTOM_TOKEN", message);
        Assert.Contains("TRUSTED_WEB_ORIGINS", message);
    }

    [Fact]
    public void Parse_KeyNot64Hex_StopsStartUpNamingTheVariable()
    {
        var result = AwsSettingsParser.Parse(new Dictionary<string, string?>
        {
            ["TOKEN_ISSUER"] = "https://issuer.example", ["JWKS_URI"] = "https://issuer.example/jwks", ["AUDIENCE"] = "https://api.example",
            ["TRUSTED_WEB_ORIGINS"] = "https://app.example.com", ["COOKIE_NAME_PREFIX"] = "th", ["ENCRYPTION_KEY"] = Key[..63],
        });

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.StartsWith("ENCRYPTION_KEY", StringComparison.Ordinal) && e.Contains("64 hexadecimal", StringComparison.Ordinal));
    }
}
