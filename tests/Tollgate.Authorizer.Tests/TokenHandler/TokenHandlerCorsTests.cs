using Tollgate.Authorizer.TokenHandler;
using static Tollgate.Authorizer.Tests.TokenHandler.TokenHandlerTestKit;

namespace Tollgate.Authorizer.Tests.TokenHandler;

public sealed class TokenHandlerCorsTests
{
    private static Dictionary<string, string> AsMap(IReadOnlyList<KeyValuePair<string, string>> headers) => headers.ToDictionary(h => h.Key, h => h.Value);

    [Fact]
    public void Preflight_TrustedOrigin_AllowsCredentialsMethodsAndTheCsrfHeader()
    {
        var headers = AsMap(TokenHandlerCors.Preflight(Options() with { CorsAllowedHeaders = ["X-Request-Id"] }, Origin));

        Assert.Equal(Origin, headers["Access-Control-Allow-Origin"]);
        Assert.Equal("true", headers["Access-Control-Allow-Credentials"]);
        Assert.Equal("Origin", headers["Vary"]);
        Assert.Contains("DELETE", headers["Access-Control-Allow-Methods"]);
        Assert.Contains("PATCH", headers["Access-Control-Allow-Methods"]);
        Assert.Equal("Content-Type, x-th-csrf, X-Request-Id", headers["Access-Control-Allow-Headers"]);
        Assert.Equal("86400", headers["Access-Control-Max-Age"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://evil.example.com")]
    [InlineData("https://app.example.com/")]
    [InlineData("https://App.example.com")]
    public void Preflight_UntrustedOrigin_OnlyVaries(string? origin)
    {
        var header = Assert.Single(TokenHandlerCors.Preflight(Options(), origin));

        Assert.Equal(new KeyValuePair<string, string>("Vary", "Origin"), header);
    }

    [Fact]
    public void Response_TrustedOrigin_EchoesItWithCredentials()
    {
        var headers = AsMap(TokenHandlerCors.Response(Options() with { CorsExposedHeaders = ["Location"] }, "http://localhost:3000"));

        Assert.Equal("http://localhost:3000", headers["Access-Control-Allow-Origin"]);
        Assert.Equal("true", headers["Access-Control-Allow-Credentials"]);
        Assert.Equal("Location", headers["Access-Control-Expose-Headers"]);
        Assert.Equal("Origin", headers["Vary"]);
        Assert.False(headers.ContainsKey("Access-Control-Max-Age"));
    }

    [Fact]
    public void Response_UntrustedOrigin_NeverAllowsIt() =>
        Assert.DoesNotContain(TokenHandlerCors.Response(Options(), "https://evil.example.com"), h => h.Key.StartsWith("Access-Control", StringComparison.Ordinal));

    [Theory]
    [InlineData("OPTIONS", "POST", true)]
    [InlineData("options", "DELETE", true)]
    [InlineData("OPTIONS", null, false)]
    [InlineData("GET", "POST", false)]
    public void IsPreflight_MethodAndRequestMethod_Decide(string method, string? requested, bool expected) =>
        Assert.Equal(expected, TokenHandlerCors.IsPreflight(method, requested));
}
