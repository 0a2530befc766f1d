using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Routing;
using Tollgate.Authorizer.Tests.Support;

namespace Tollgate.Authorizer.Tests.Decisions;

/// <summary>
/// The rules' <c>rate_limit</c> in the decision pipeline, through the builder and a loopback issuer,
/// on a fake clock: after revocation, per client id, 429-kind decisions with the wait.
/// </summary>
public sealed class RateLimitDecisionTests : IDisposable
{
    private const string Rules = """
        rules:
          - route: GET /contacts
            any: [read:contacts]
          - route: POST /contacts
            all: [write:contacts]
          - route: GET /health
            anonymous: true
        rate_limit:
          requests_per_second: 2
          burst: 3
          clients:
            importer: {requests_per_second: 0.5, burst: 1}
        """;

    private readonly Issuer _issuer = new();
    private readonly ListLoggerFactory _logs = new();

    public void Dispose() => _issuer.Dispose();

    private TollgateAuthorizer Build(string rules, bool enforce = true) =>
        new AuthorizerBuilder(new AuthorizerOptions
        {
            Issuers = [new IssuerOptions { Issuer = _issuer.Server.Issuer, Audiences = [Issuer.Audience] }],
            EnforceRateLimits = enforce,
        }).WithHttpClient(_issuer.Http).WithTimeProvider(_issuer.Time).WithLoggerFactory(_logs).WithRules(RouteRulesFile.ParseYaml(rules)).Build();

    private static async Task<List<Decision>> DecideTimes(TollgateAuthorizer authorizer, int times, string? token, string method = "GET", string path = "/contacts")
    {
        var decisions = new List<Decision>();
        for (var i = 0; i < times; i++)
        {
            decisions.Add(await authorizer.DecideAsync(token is null
                ? new AuthorizationRequest { Method = method, Path = path }
                : AuthorizationRequest.ForToken("Bearer " + token, method, path)));
        }
        return decisions;
    }

    private string Token(string clientId, string scope = "read:contacts") => _issuer.Minter().MintAccessToken(scope, clientId);

    [Fact]
    public async Task Decide_PastTheBurst_IsTooManyRequestsWithRetryAfter_ThenAllowedOnceTheBucketRefills()
    {
        var authorizer = Build(Rules);
        var token = Token("reader");

        var burst = await DecideTimes(authorizer, 4, token);

        Assert.Equal([DecisionKind.Allow, DecisionKind.Allow, DecisionKind.Allow, DecisionKind.TooManyRequests], burst.Select(d => d.Kind));
        var limited = burst[3];
        Assert.Equal(ReasonCodes.RateLimited, limited.Reason);
        Assert.Equal("reader", limited.Principal);
        Assert.Equal(TimeSpan.FromMilliseconds(500), limited.RetryAfter);
        Assert.Contains(_logs.Lines, l => l.Id.Id == LogEvents.DecisionTooManyRequests && l.Message.StartsWith("TooManyRequests rate_limited principal=reader GET /contacts", StringComparison.Ordinal));

        _issuer.Time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(DecisionKind.TooManyRequests, (await DecideTimes(authorizer, 1, token))[0].Kind);
        _issuer.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([DecisionKind.Allow, DecisionKind.TooManyRequests], (await DecideTimes(authorizer, 2, token)).Select(d => d.Kind));
    }

    [Fact]
    public async Task Decide_ClientOverride_HasItsOwnLimit_AndOtherClientsAreUnaffected()
    {
        var authorizer = Build(Rules);

        var importer = await DecideTimes(authorizer, 2, Token("importer"));
        var reader = await DecideTimes(authorizer, 3, Token("reader"));

        Assert.Equal([DecisionKind.Allow, DecisionKind.TooManyRequests], importer.Select(d => d.Kind));
        Assert.Equal(TimeSpan.FromSeconds(2), importer[1].RetryAfter);
        Assert.All(reader, d => Assert.Equal(DecisionKind.Allow, d.Kind));
    }

    [Fact]
    public async Task Decide_TwoTokensOfOneClient_ShareItsBucket()
    {
        var authorizer = Build(Rules);

        var first = await DecideTimes(authorizer, 3, Token("reader"));
        var second = await DecideTimes(authorizer, 1, Token("reader"));

        Assert.All(first, d => Assert.Equal(DecisionKind.Allow, d.Kind));
        Assert.Equal(DecisionKind.TooManyRequests, second[0].Kind);
    }

    [Fact]
    public async Task Decide_NoRateLimitConfigured_IsNeverLimited()
    {
        var authorizer = Build("rules:\n  - route: GET /contacts\n    any: [read:contacts]\n");

        var decisions = await DecideTimes(authorizer, 500, Token("reader"));

        Assert.All(decisions, d => Assert.Equal(DecisionKind.Allow, d.Kind));
    }

    [Fact]
    public async Task Decide_AnonymousRoute_IsNotLimited()
    {
        var authorizer = Build(Rules);

        var decisions = await DecideTimes(authorizer, 20, null, path: "/health");

        Assert.All(decisions, d => Assert.Equal(DecisionKind.Allow, d.Kind));
    }

    [Fact]
    public async Task Decide_InvalidTokens_AreUnauthorizedAndTakeNothingFromTheBucket()
    {
        var authorizer = Build(Rules);

        var missing = await DecideTimes(authorizer, 10, "not-a-jwt");
        var valid = await DecideTimes(authorizer, 3, Token("reader"));

        Assert.All(missing, d => Assert.Equal(DecisionKind.Unauthorized, d.Kind));
        Assert.All(valid, d => Assert.Equal(DecisionKind.Allow, d.Kind));
    }

    [Fact]
    public async Task Decide_RefusedRoutesCount_SoAForbiddenCallerIsLimitedToo()
    {
        var authorizer = Build(Rules);
        var token = Token("reader");

        var forbidden = await DecideTimes(authorizer, 3, token, "POST");
        var next = await DecideTimes(authorizer, 1, token);

        Assert.All(forbidden, d => Assert.Equal(DecisionKind.Forbidden, d.Kind));
        Assert.Equal(DecisionKind.TooManyRequests, next[0].Kind);
    }

    [Fact]
    public async Task Decide_RulesReplaced_KeepTheBuckets_AndANewLimitAppliesAtOnce()
    {
        var authorizer = Build(Rules);
        var token = Token("reader");
        await DecideTimes(authorizer, 3, token);

        authorizer.ReplaceRules(RouteRulesFile.ParseYaml(Rules.Replace("burst: 3", "burst: 5", StringComparison.Ordinal)));
        var after = await DecideTimes(authorizer, 3, token);
        authorizer.ReplaceRules(RouteRulesFile.ParseYaml("rules:\n  - route: GET /contacts\n    any: [read:contacts]\n"));
        var unlimited = await DecideTimes(authorizer, 10, token);

        Assert.Equal([DecisionKind.Allow, DecisionKind.Allow, DecisionKind.TooManyRequests], after.Select(d => d.Kind));
        Assert.All(unlimited, d => Assert.Equal(DecisionKind.Allow, d.Kind));
    }

    [Fact]
    public async Task Decide_EnforcementOff_IgnoresTheRulesRateLimit()
    {
        var authorizer = Build(Rules, enforce: false);

        var decisions = await DecideTimes(authorizer, 10, Token("importer"));

        Assert.All(decisions, d => Assert.Equal(DecisionKind.Allow, d.Kind));
    }
}
