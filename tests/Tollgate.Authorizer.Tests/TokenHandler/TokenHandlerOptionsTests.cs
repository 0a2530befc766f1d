using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.TokenHandler;
using static Tollgate.Authorizer.Tests.TokenHandler.TokenHandlerTestKit;

namespace Tollgate.Authorizer.Tests.TokenHandler;

public sealed class TokenHandlerOptionsTests
{
    private static AuthorizerOptions With(TokenHandlerOptions tokenHandler, IntrospectionOptions? introspection = null, bool issuer = true) => new()
    {
        Issuers = issuer ? [new IssuerOptions { Issuer = "https://issuer.example", Audiences = ["https://api.example"] }] : [],
        Introspection = introspection,
        TokenHandler = tokenHandler,
    };

    private static IReadOnlyList<string> Errors(TokenHandlerOptions tokenHandler, IntrospectionOptions? introspection = null, bool issuer = true) =>
        With(tokenHandler, introspection, issuer).Validate();

    [Fact]
    public void Validate_GoodOptions_HasNoErrors() => Assert.Empty(Errors(Options()));

    [Theory]
    [InlineData("")]
    [InlineData("7b99279ab87533d3c238db874a842a91ee26a76027f3c03c317504963d2c992")]
    [InlineData("7b99279ab87533d3c238db874a842a91ee26a76027f3c03c317504963d2c9926ff")]
    [InlineData("7b99279ab87533d3c238db874a842a91ee26a76027f3c03c317504963d2c992g")]
    [InlineData("e5uV2lCp3FJ+3OlQ5Hh5uV2lCp3FJ+3OlQ5Hh5uV2lA=")]
    public void Validate_KeyNot64Hex_NamesTheSettingWithoutTheKey(string key)
    {
        var error = Assert.Single(Errors(Options() with { EncryptionKey = key }));

        Assert.StartsWith("TokenHandler.EncryptionKey:", error);
        Assert.Contains("64 hexadecimal", error);
        if (key.Length > 0) Assert.DoesNotContain(key, error);
    }

    [Fact]
    public void Build_KeyNot64Hex_StopsWithTheSettingNamed()
    {
        var options = With(Options() with { EncryptionKey = "abc" });

        var error = Assert.Throws<AuthorizerOptionsException>(() => new AuthorizerBuilder(options).WithHttpClient(new HttpClient()).Build());

        Assert.Contains(error.Errors, e => e.StartsWith("TokenHandler.EncryptionKey:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://app.example.com/")]
    [InlineData("https://APP.example.com")]
    [InlineData("https://app.example.com:443")]
    [InlineData("https://app.example.com/path")]
    [InlineData("app.example.com")]
    [InlineData("ftp://app.example.com")]
    [InlineData("https://user@app.example.com")]
    public void Validate_OriginNotAsBrowsersSendIt_IsAnError(string origin)
    {
        var error = Assert.Single(Errors(Options() with { TrustedWebOrigins = [origin] }));

        Assert.StartsWith("TokenHandler.TrustedWebOrigins:", error);
    }

    [Fact]
    public void Validate_EverythingWrong_ListsEveryError()
    {
        var errors = Errors(new TokenHandlerOptions { CookieNamePrefix = "bad prefix;", EncryptionKey = "xyz", UsePhantomToken = true, CorsMaxAge = TimeSpan.FromDays(30) },
            issuer: false);

        Assert.Contains(errors, e => e.StartsWith("TokenHandler.TrustedWebOrigins:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("TokenHandler.CookieNamePrefix:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("TokenHandler.EncryptionKey:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("needs Introspection", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("needs an issuer", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("TokenHandler.CorsMaxAge:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PrefixMissing_IsAnError() =>
        Assert.StartsWith("TokenHandler.CookieNamePrefix:", Assert.Single(Errors(Options() with { CookieNamePrefix = "" })));

    [Fact]
    public void Validate_PhantomWithIntrospectionAndIssuer_HasNoErrors() =>
        Assert.Empty(Errors(Options(phantom: true), new IntrospectionOptions { Url = "https://issuer.example/introspect", ClientId = "gw", ClientSecret = "s" }));

    [Fact]
    public void ToString_Options_NeverShowsTheKey()
    {
        var text = With(Options()).ToString();

        Assert.Contains("EncryptionKey = ***", text);
        Assert.DoesNotContain(Key, text);
    }

    [Fact]
    public void Names_FromPrefix_FollowTheOAuthAgent()
    {
        var options = Options();

        Assert.Equal("th-at", options.AccessTokenCookieName);
        Assert.Equal("th-csrf", options.CsrfCookieName);
        Assert.Equal("x-th-csrf", options.CsrfHeaderName);
    }
}
