using Tollgate.Aws.Configuration;
using static Tollgate.Authorizer.Configuration.ValidationError.Codes;

namespace Tollgate.Aws.Tests.Configuration;

/// <summary>Each settings problem names the variable it is about (our name, whichever name was set) and a code; its message is what Lambda logs.</summary>
public sealed class SettingsProblemsTests
{
    private static readonly (string, string)[] Jwks =
        [("TOLLGATE_ISSUER", "https://auth.example.com"), ("TOLLGATE_JWKS_URI", "https://auth.example.com/jwks"), ("TOLLGATE_AUDIENCE", "api")];

    public static TheoryData<string, (string Name, string Value)[], string, string> Cases => new()
    {
        { "nothing validates tokens", [], "", Required },
        { "issuer missing", [("TOLLGATE_JWKS_URI", "https://auth.example.com/jwks"), ("TOLLGATE_AUDIENCE", "api")], "TOLLGATE_ISSUER", Required },
        { "audience missing, compatible names", [("TOKEN_ISSUER", "https://auth.example.com"), ("JWKS_URI", "https://auth.example.com/jwks")], "TOLLGATE_AUDIENCE", Required },
        { "http JWKS", [("TOLLGATE_ISSUER", "https://auth.example.com"), ("TOLLGATE_JWKS_URI", "http://auth.example.com/jwks"), ("TOLLGATE_AUDIENCE", "api")], "TOLLGATE_JWKS_URI", Invalid },
        { "HS256", [.. Jwks, ("TOLLGATE_ALGORITHMS", "HS256")], "TOLLGATE_ALGORITHMS", NotAllowed },
        { "skew", [.. Jwks, ("TOLLGATE_CLOCK_SKEW_SECONDS", "9999")], "TOLLGATE_CLOCK_SKEW_SECONDS", OutOfRange },
        { "log level", [.. Jwks, ("TOLLGATE_LOG_LEVEL", "loud")], "TOLLGATE_LOG_LEVEL", Unknown },
        { "rules file", [.. Jwks, ("TOLLGATE_RULES_FILE", "/nonexistent/rules.yaml")], "TOLLGATE_RULES_FILE", NotFound },
        { "phantom flag", [.. Jwks, ("USE_PHANTOM_TOKEN", "maybe")], "TOLLGATE_USE_PHANTOM_TOKEN", Invalid },
        { "key not hex", [.. Jwks, ("TOLLGATE_TRUSTED_WEB_ORIGINS", "https://app.example.com"), ("TOLLGATE_ENCRYPTION_KEY", "xyz")], "TOLLGATE_ENCRYPTION_KEY", Invalid },
        { "origins without a key", [.. Jwks, ("TOLLGATE_TRUSTED_WEB_ORIGINS", "https://app.example.com")], "TOLLGATE_ENCRYPTION_KEY", Required },
        { "feed settings without the feed", [.. Jwks, ("TOLLGATE_REVOCATION_INTERVAL_SECONDS", "5")], "TOLLGATE_REVOCATION_INTERVAL_SECONDS", Conflict },
        { "both names, different values", [.. Jwks, ("AUDIENCE", "other")], "TOLLGATE_AUDIENCE", Conflict },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_OneProblem_NamesItsVariableAndCode(string because, (string Name, string Value)[] variables, string path, string code)
    {
        var result = AwsSettingsParser.Parse(variables.ToDictionary(v => v.Name, v => (string?)v.Value));
        var problem = Assert.Single(result.Problems);
        Assert.True((path, code) == (problem.Path, problem.Code), $"{because}: got {problem.Path} / {problem.Code}: {problem.Message}");
        Assert.Equal([problem.Message], result.Errors);
    }
}
