using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Revocation;
using Tollgate.Authorizer.Routing;
using Tollgate.Authorizer.Tests.Support;
using Tollgate.Authorizer.Validation;
using Tollgate.Core.Tokens;

namespace Tollgate.Authorizer.Tests.Decisions;

/// <summary>The design brief's contacts scenario, end to end through the builder and a loopback issuer.</summary>
public sealed class DecisionEngineTests : IDisposable
{
    private const string Rules = """
        rules:
          - route: GET /contacts
            any: [read:contacts, write:contacts]
          - route: GET /contacts/{id}
            any: [read:contacts, write:contacts]
          - route: POST /contacts
            all: [write:contacts]
          - route: GET /health
            anonymous: true
          - route: "* /admin/**"
            deny: true
        """;

    private readonly Issuer _issuer = new();
    private readonly RevokedJtis _revoked = new();
    private readonly ListLoggerFactory _logs = new();
    private readonly TollgateAuthorizer _authorizer;

    public DecisionEngineTests()
    {
        var options = new AuthorizerOptions
        {
            Issuers = [new IssuerOptions { Issuer = _issuer.Server.Issuer, Audiences = [Issuer.Audience] }],
        };
        _authorizer = new AuthorizerBuilder(options).WithHttpClient(_issuer.Http).WithTimeProvider(_issuer.Time)
            .WithLoggerFactory(_logs).WithRevocationCheck(_revoked).WithRules(RouteRulesFile.ParseYaml(Rules)).Build();
    }

    public void Dispose() => _issuer.Dispose();

    private sealed class RevokedJtis : IRevocationCheck
    {
        public HashSet<string> Jtis { get; } = [];
        public RevocationStatus Check(ValidatedToken token) => Jtis.Contains(token.Jti ?? "") ? RevocationStatus.Revoked : RevocationStatus.NotRevoked;
    }

    private ValueTask<Decision> Decide(string method, string path, string? token) =>
        _authorizer.DecideAsync(token is null
            ? new AuthorizationRequest { Method = method, Path = path }
            : AuthorizationRequest.ForToken("Bearer " + token, method, path));

    [Fact]
    public async Task Decide_ReaderOnReadRoutes_IsAllowedWithEveryRouteItMayCall()
    {
        var token = _issuer.Minter().MintAccessToken("read:contacts", "reader");

        var list = await Decide("GET", "/contacts", token);
        var one = await Decide("GET", "/contacts/42", token);

        Assert.Equal(DecisionKind.Allow, list.Kind);
        Assert.Equal(DecisionKind.Allow, one.Kind);
        Assert.Equal("reader", list.Principal);
        Assert.Equal(["read:contacts"], list.Scopes);
        Assert.Equal([new AllowedRoute("GET", "/contacts"), new AllowedRoute("GET", "/contacts/{id}"), new AllowedRoute("GET", "/health")], list.AllowedRoutes);
        Assert.Equal("reader", list.Claims["client_id"]);
        Assert.Equal(Issuer.Audience, list.Claims["aud"]);
        Assert.True(list.Claims.ContainsKey("jti"));
        Assert.True(list.Claims.ContainsKey("exp"));
    }

    [Fact]
    public async Task Decide_ReaderPostsContact_IsForbiddenWithRequiredScopes()
    {
        var decision = await Decide("POST", "/contacts", _issuer.Minter().MintAccessToken("read:contacts", "reader"));

        Assert.Equal(DecisionKind.Forbidden, decision.Kind);
        Assert.Equal(ReasonCodes.InsufficientScope, decision.Reason);
        Assert.Equal(["write:contacts"], decision.RequiredScopes);
    }

    [Fact]
    public async Task Decide_ReaderPostsContact_ForbiddenStillCarriesTheRoutesItMayCall()
    {
        // The AWS adapter renders a Deny on the called route plus an Allow for these: the policy
        // API Gateway caches for this token must not refuse the reader's GETs afterwards.
        var decision = await Decide("POST", "/contacts", _issuer.Minter().MintAccessToken("read:contacts", "reader"));

        Assert.Equal(DecisionKind.Forbidden, decision.Kind);
        Assert.Equal([new AllowedRoute("GET", "/contacts"), new AllowedRoute("GET", "/contacts/{id}"), new AllowedRoute("GET", "/health")], decision.AllowedRoutes);
        Assert.DoesNotContain(new AllowedRoute("POST", "/contacts"), decision.AllowedRoutes);
    }

    [Theory]
    [InlineData("GET", "/orders", ReasonCodes.NoMatchingRule)]
    [InlineData("GET", "/admin/users", ReasonCodes.RuleDenies)]
    [InlineData("GET", "/contacts/../admin", ReasonCodes.NoMatchingRule)]
    public async Task Decide_ForbiddenForAnyReason_CarriesTheSameAllowedRoutesAsAnAllow(string method, string path, string reason)
    {
        var token = _issuer.Minter().MintAccessToken("read:contacts", "reader");
        var allowed = await Decide("GET", "/contacts", token);

        var forbidden = await Decide(method, path, token);

        Assert.Equal(DecisionKind.Forbidden, forbidden.Kind);
        Assert.Equal(reason, forbidden.Reason);
        Assert.Equal(allowed.AllowedRoutes, forbidden.AllowedRoutes);
        Assert.NotEmpty(forbidden.AllowedRoutes);
    }

    [Fact]
    public async Task Decide_ForbiddenInsideAnAllowedWildcard_CarriesTheDeniedRoutes()
    {
        _authorizer.ReplaceRules(RouteRulesFile.ParseYaml("""
            rules:
              - route: GET /reports/**
                all: [read:reports]
              - route: GET /reports/secret
                all: [admin:reports]
            """));
        var token = _issuer.Minter().MintAccessToken("read:reports", "reader");

        var decision = await Decide("GET", "/reports/secret", token);

        Assert.Equal(DecisionKind.Forbidden, decision.Kind);
        Assert.Equal([new AllowedRoute("GET", "/reports/**")], decision.AllowedRoutes);
        Assert.Equal([new AllowedRoute("GET", "/reports/secret")], decision.DeniedRoutes);
    }

    [Fact]
    public async Task Decide_WriterPostsContact_IsAllowed() =>
        Assert.Equal(DecisionKind.Allow, (await Decide("POST", "/contacts", _issuer.Minter(_issuer.Ec).MintAccessToken("write:contacts", "writer"))).Kind);

    [Fact]
    public async Task Decide_UnknownRoute_IsForbiddenNoMatchingRule() =>
        Assert.Equal(ReasonCodes.NoMatchingRule, (await Decide("GET", "/orders", _issuer.Minter().MintAccessToken("write:contacts"))).Reason);

    [Fact]
    public async Task Decide_DenyRule_IsForbiddenRuleDenies() =>
        Assert.Equal(ReasonCodes.RuleDenies, (await Decide("GET", "/admin/users", _issuer.Minter().MintAccessToken("write:contacts"))).Reason);

    [Fact]
    public async Task Decide_AnonymousRouteWithoutToken_IsAllowed()
    {
        var decision = await Decide("GET", "/health", null);

        Assert.Equal(DecisionKind.Allow, decision.Kind);
        Assert.Null(decision.Principal);
    }

    [Fact]
    public async Task Decide_NoToken_IsUnauthorizedMissingToken()
    {
        var decision = await Decide("GET", "/contacts", null);

        Assert.Equal(DecisionKind.Unauthorized, decision.Kind);
        Assert.Equal(ReasonCodes.MissingToken, decision.Reason);
    }

    [Fact]
    public async Task Decide_OpaqueTokenWithoutIntrospection_IsUnauthorizedMalformed() =>
        Assert.Equal(ReasonCodes.MalformedToken, (await Decide("GET", "/contacts", OpaqueToken.GenerateReference())).Reason);

    [Fact]
    public async Task Decide_RevokedToken_IsUnauthorizedRevokedEvenWhenCached()
    {
        var token = _issuer.Minter().Mint();
        Assert.Equal(DecisionKind.Allow, (await Decide("GET", "/contacts", token)).Kind);
        _revoked.Jtis.Add(Jti(token));

        var decision = await Decide("GET", "/contacts", token);

        Assert.Equal(DecisionKind.Unauthorized, decision.Kind);
        Assert.Equal(ReasonCodes.Revoked, decision.Reason);
    }

    [Fact]
    public async Task Decide_CachedTokenAfterExp_IsUnauthorizedExpired()
    {
        var token = _issuer.Minter().Mint(lifetime: TimeSpan.FromMinutes(1));
        Assert.Equal(DecisionKind.Allow, (await Decide("GET", "/contacts", token)).Kind);

        _issuer.Time.Advance(TimeSpan.FromSeconds(60 + 31));
        var decision = await Decide("GET", "/contacts", token);

        Assert.Equal(ReasonCodes.Expired, decision.Reason);
    }

    [Fact]
    public async Task Decide_CachedTokenOnOtherRoute_ChecksThatRoutesScopes()
    {
        var token = _issuer.Minter().Mint(scope: "read:contacts");
        Assert.Equal(DecisionKind.Allow, (await Decide("GET", "/contacts", token)).Kind);

        Assert.Equal(ReasonCodes.InsufficientScope, (await Decide("POST", "/contacts", token)).Reason);
    }

    [Fact]
    public async Task Decide_RepeatedToken_IsServedFromCacheWithoutFetchingAgain()
    {
        var token = _issuer.Minter().Mint();
        for (var i = 0; i < 5; i++) Assert.Equal(DecisionKind.Allow, (await Decide("GET", "/contacts", token)).Kind);

        Assert.Equal(1, _issuer.Server.Hits("/jwks"));
        var cached = _authorizer.DecideAsync(AuthorizationRequest.ForToken(token, "GET", "/contacts"));
        Assert.True(cached.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Decide_RulesReplaced_NewRulesApplyAtOnce()
    {
        var token = _issuer.Minter().Mint(scope: "read:contacts");
        Assert.Equal(DecisionKind.Forbidden, (await Decide("GET", "/orders", token)).Kind);

        _authorizer.ReplaceRules(new RouteRuleSet([new RouteRule { Method = "GET", Path = "/orders", AllOf = ["read:contacts"] }]));

        Assert.Equal(DecisionKind.Allow, (await Decide("GET", "/orders", token)).Kind);
        Assert.Equal(DecisionKind.Forbidden, (await Decide("GET", "/contacts", token)).Kind);
    }

    [Fact]
    public async Task Decide_EachDecision_LogsOneLineWithJtiAndNeverTheToken()
    {
        var token = _issuer.Minter().Mint(scope: "read:contacts");
        await Decide("GET", "/contacts", token);
        await Decide("POST", "/contacts", token);
        await Decide("GET", "/contacts", token + "x");

        var decisions = _logs.Lines.Where(l => l.Id.Id is LogEvents.DecisionAllowed or LogEvents.DecisionForbidden or LogEvents.DecisionUnauthorized).ToList();
        Assert.Equal([LogEvents.DecisionAllowed, LogEvents.DecisionForbidden, LogEvents.DecisionUnauthorized], decisions.Select(l => l.Id.Id));
        Assert.All(decisions.Take(2), l => Assert.Contains(Jti(token), l.Message));
        Assert.Equal(ReasonCodes.InsufficientScope, decisions[1].State.Single(kv => kv.Key == "Reason").Value);
        Assert.All(_logs.Lines, l => Assert.DoesNotContain(token.Split('.')[2], l.Message));
        Assert.All(_logs.Lines, l => Assert.DoesNotContain(token.Split('.')[1], l.Message));
    }

    [Fact]
    public async Task WarmUp_FetchesKeysBeforeFirstRequest()
    {
        Assert.True(await _authorizer.WarmUpAsync());

        Assert.Equal(1, _issuer.Server.Hits("/jwks"));
        Assert.Equal(DecisionKind.Allow, (await Decide("GET", "/contacts", _issuer.Minter().Mint())).Kind);
        Assert.Equal(1, _issuer.Server.Hits("/jwks"));
    }

    private static string Jti(string token) =>
        System.Text.Json.JsonDocument.Parse(TokenMinter.PayloadOf(token)).RootElement.GetProperty("jti").GetString()!;
}
