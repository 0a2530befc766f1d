using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Routing;
using Tollgate.Authorizer.TokenHandler;
using static Tollgate.Authorizer.Configuration.ValidationError.Codes;

namespace Tollgate.Authorizer.Tests.Configuration;

/// <summary>Validation errors are data: each names its path and a code, and renders as the text users have always read.</summary>
public sealed class ValidationErrorTests
{
    private const string Key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    private static readonly AuthorizerOptions Good = new()
    {
        Issuers = [new() { Issuer = "https://issuer.example", JwksUri = "https://issuer.example/jwks", Audiences = ["api"] }],
    };

    [Theory]
    [InlineData("Issuers[0].JwksUri", "", "Issuers[0].JwksUri: x")]
    [InlineData("", "", "x")]
    [InlineData("Tollgate:Issuer", "subject", "Tollgate:Issuer x")]
    public void ToString_RendersPathThenMessage(string path, string style, string expected)
    {
        var error = style == "subject" ? ValidationError.Sentence(path, Invalid, "x") : new ValidationError(path, Invalid, "x");
        Assert.Equal(expected, error.ToString());
    }

    [Fact]
    public void ByPath_GroupsMessagesUnderTheirPath_AndTheDocumentUnderItsKey()
    {
        var byPath = ValidationError.ByPath([new("rules[0]", Required, "a"), new("rules[0]", Invalid, "b"), new("", Syntax, "c")], "rules");
        Assert.Equal(["rules[0]", "rules"], byPath.Keys);
        Assert.Equal(["a", "b"], byPath["rules[0]"]);
        Assert.Equal(["c"], byPath["rules"]);
    }

    public static TheoryData<string, AuthorizerOptions, string, string> OptionsCases => new()
    {
        { "no issuer", new AuthorizerOptions(), "Issuers", Required },
        { "duplicate issuer", Good with { Issuers = [Good.Issuers[0], Good.Issuers[0]] }, "Issuers[1].Issuer", Duplicate },
        { "http JWKS", Good with { Issuers = [Good.Issuers[0] with { JwksUri = "http://issuer.example/jwks" }] }, "Issuers[0].JwksUri", NotAllowed },
        { "no audience", Good with { Issuers = [Good.Issuers[0] with { Audiences = [] }] }, "Issuers[0].Audiences", Required },
        { "HS256", Good with { Algorithms = ["HS256"] }, "Algorithms", NotAllowed },
        { "unknown alg", Good with { Algorithms = ["XX1"] }, "Algorithms", Unknown },
        { "skew", Good with { ClockSkew = TimeSpan.FromHours(1) }, "ClockSkew", OutOfRange },
        { "rules file", Good with { RulesFile = "/nonexistent/rules.json" }, "RulesFile", NotFound },
        { "introspection url", Good with { Introspection = new() { Url = "not a url", ClientId = "c", ClientSecret = "s" } }, "Introspection.Url", Invalid },
        { "feed page size", Good with { RevocationFeed = new() { Url = "https://issuer.example/revocations", ClientId = "c", ClientSecret = "s", PageSize = 0 } }, "RevocationFeed.PageSize", OutOfRange },
        { "phantom without introspection", Good with { TokenHandler = new() { TrustedWebOrigins = ["https://app.example"], CookieNamePrefix = "th", EncryptionKey = Key, UsePhantomToken = true } }, "TokenHandler.UsePhantomToken", Conflict },
    };

    [Theory]
    [MemberData(nameof(OptionsCases))]
    public void Check_OneProblem_NamesItsPathAndCode(string because, AuthorizerOptions options, string path, string code)
    {
        var error = Assert.Single(options.Check());
        Assert.True((path, code) == (error.Path, error.Code), $"{because}: got {error.Path} / {error.Code}");
        Assert.Equal(error.ToString(), Assert.Single(options.Validate()));
    }

    [Theory]
    [InlineData("TokenHandler")]
    [InlineData("Tollgate:Decisions:TokenHandler")]
    public void TokenHandlerValidate_PathPrefix_PrefixesEverySetting(string prefix)
    {
        var errors = new TokenHandlerOptions { CookieNamePrefix = "bad prefix;", EncryptionKey = "xyz", CorsMaxAge = TimeSpan.FromDays(30) }.Validate(prefix);
        Assert.Equal(
            [($"{prefix}.TrustedWebOrigins", Required), ($"{prefix}.CookieNamePrefix", Invalid), ($"{prefix}.EncryptionKey", Invalid), ($"{prefix}.CorsMaxAge", OutOfRange)],
            errors.Select(e => (e.Path, e.Code)));
        Assert.DoesNotContain(errors, e => e.Message.Contains("xyz", StringComparison.Ordinal));
    }

    [Fact]
    public void TokenHandlerValidate_PhantomToken_IsJudgedOnlyWithTheRestOfTheOptions()
        => Assert.Empty(new TokenHandlerOptions { TrustedWebOrigins = ["https://app.example"], CookieNamePrefix = "th", EncryptionKey = Key, UsePhantomToken = true }.Validate());

    [Theory]
    [InlineData("not json", "", Syntax)]
    [InlineData("""{"nope": 1}""", "", Syntax)]
    [InlineData("""{"rules": [{"route": "GET"}]}""", "rules[0]", Invalid)]
    [InlineData("""{"rules": [{"route": "GET /a", "method": "GET"}]}""", "rules[0]", Conflict)]
    [InlineData("""{"rules": [{"route": "GET /a"}, {"path": "/b"}]}""", "rules[1]", Required)]
    [InlineData("""{"rules": [{"route": "GET /a"}, {"route": "GET /a"}]}""", "rules[1]", Duplicate)]
    [InlineData("""{"rules": [{"route": "GET a"}]}""", "rules[0]", Invalid)]
    [InlineData("""{"rules": [], "actions": {"GET": " "}}""", "actions", Invalid)]
    [InlineData("""{"rules": [], "rate_limit": {"requests_per_second": 5, "burst": 0}}""", "rate_limit.burst", OutOfRange)]
    [InlineData("""{"rules": [], "rate_limit": {"clients": {"svc": {"burst": 2}}}}""", "rate_limit.clients.svc.requests_per_second", Required)]
    public void RulesDocument_OneProblem_NamesItsPathAndCode(string json, string path, string code)
    {
        var ex = Assert.Throws<RouteRulesException>(() => RouteRulesFile.ParseJson(json));
        var error = Assert.Single(ex.Problems);
        Assert.Equal((path, code), (error.Path, error.Code));
        Assert.Equal(error.ToString(), Assert.Single(ex.Errors));
    }

    [Fact]
    public void RulesDocument_Clash_KeepsTheRuleInTheMessageNotThePath()
    {
        var ex = Assert.Throws<RouteRulesException>(() => RouteRulesFile.ParseJson("""{"rules": [{"route": "GET /a/{id}"}, {"route": "GET /a/{x}"}]}"""));
        var error = Assert.Single(ex.Problems);
        Assert.Equal("rules[1]", error.Path);
        Assert.Equal("GET /a/{x}: same method and path shape as rules[0] (GET /a/{id})", error.Message);
    }
}
