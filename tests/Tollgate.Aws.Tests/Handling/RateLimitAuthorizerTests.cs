using System.Text.Json;
using Tollgate.Aws.Configuration;
using Tollgate.Aws.Handling;
using Tollgate.Aws.Tests.TestSupport;
using Tollgate.Core.Tokens;

namespace Tollgate.Aws.Tests.Handling;

/// <summary>
/// The Lambda host never rate-limits: it cannot answer 429 and API Gateway caches its answer per token.
/// A rules file's <c>rate_limit</c> is ignored there; usage plans meter clients (<c>usageIdentifierKey</c>).
/// </summary>
public sealed class RateLimitAuthorizerTests : IDisposable
{
    private const string Audience = "https://api.contacts.example";
    private readonly string _rules = Path.GetTempFileName() + ".yaml";
    private readonly EngineHarness _engine = new();

    public RateLimitAuthorizerTests() => File.WriteAllText(_rules, """
        rules:
          - route: POST /contacts
            any: [write:contacts]
        rate_limit: {requests_per_second: 0.001, burst: 1}
        """);

    public void Dispose()
    {
        File.Delete(_rules);
        _engine.Dispose();
    }

    [Fact]
    public void ToOptions_RateLimits_AreNotEnforced() => Assert.False(AuthorizerFactory.ToOptions(new AwsAuthorizerSettings()).EnforceRateLimits);

    [Fact]
    public async Task RestRequest_PastTheRulesRateLimit_IsStillAllowed()
    {
        AuthorizerHandler handler = _engine.Handler(new() { ["AUDIENCE"] = Audience, ["TOLLGATE_RULES_FILE"] = _rules });
        var token = JwtWriter.WriteAccessToken(EngineHarness.Signer, new AccessTokenClaims(EngineHarness.Issuer, "svc-write", Audience, "write:contacts",
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5), Guid.NewGuid().ToString("N")));

        for (var i = 0; i < 3; i++)
        {
            var outcome = await handler.HandleAsync(Fixtures.Bytes(Fixtures.RestRequest, token), "r" + i, CancellationToken.None);

            Assert.Null(outcome.Error);
            var statement = JsonDocument.Parse(outcome.Response!).RootElement.GetProperty("policyDocument").GetProperty("Statement")[0];
            Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
        }
    }
}
