using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Policies;
using Tollgate.Authorizer.Revocation;
using Tollgate.Authorizer.Routing;
using Tollgate.Authorizer.Tests.Support;

namespace Tollgate.Authorizer.Tests.Decisions;

/// <summary>Policy-governed route rules: action and resource from the route, the policies decide after the scopes.</summary>
public sealed class PolicyDecisionTests : IDisposable
{
    private const string Rules = """
        rules:
          - route: GET /orders/{id}
            any: [orders]
            resource: "resources:orders:{id}"
          - route: DELETE /orders/{id}
            resource: "resources:orders:{id}"
          - route: POST /orders/{id}/refunds
            resource: "resources:orders:{id}:refunds"
            action: refund
          - route: GET /orders
            any: [orders]
          - route: GET /health
            anonymous: true
        """;

    private const string Policies = """
        {"policies": [
          {"id": "read-orders", "subjects": ["reader"], "actions": ["read"], "resources": ["resources:orders:<[0-9]+>"]},
          {"id": "no-order-7", "subjects": ["<.*>"], "effect": "deny", "actions": ["<.*>"], "resources": ["resources:orders:7"]},
          {"id": "refunds-from-office", "subjects": ["reader"], "actions": ["refund"], "resources": ["resources:orders:<.*>:refunds"],
           "conditions": {"remoteIPAddress": {"type": "CIDRCondition", "options": {"cidr": "10.0.0.0/8"}}}}
        ]}
        """;

    private readonly Issuer _issuer = new();
    private readonly ListLoggerFactory _logs = new();
    private readonly TollgateAuthorizer _authorizer;

    public PolicyDecisionTests()
    {
        var options = new AuthorizerOptions { Issuers = [new IssuerOptions { Issuer = _issuer.Server.Issuer, Audiences = [Issuer.Audience] }] };
        _authorizer = new AuthorizerBuilder(options).WithHttpClient(_issuer.Http).WithTimeProvider(_issuer.Time).WithLoggerFactory(_logs)
            .WithRevocationCheck(NoRevocation.Instance).WithRules(RouteRulesFile.ParseYaml(Rules)).Build();
        _authorizer.ReplacePolicies(PolicySet.Compile(PolicyDocument.Parse(Policies)));
    }

    public void Dispose() => _issuer.Dispose();

    private ValueTask<Decision> Decide(string method, string path, string scope = "orders", string client = "reader", string? address = null)
        => _authorizer.DecideAsync(AuthorizationRequest.ForToken("Bearer " + _issuer.Minter().MintAccessToken(scope, client), method, path) with { RemoteAddress = address });

    [Theory]
    [InlineData("GET", "/orders/42", "reader", DecisionKind.Allow, ReasonCodes.Allowed, "read-orders")]
    [InlineData("GET", "/orders/42?x=1", "reader", DecisionKind.Allow, ReasonCodes.Allowed, "read-orders")]
    [InlineData("GET", "/orders/abc", "reader", DecisionKind.Forbidden, ReasonCodes.NoMatchingPolicy, null)]
    [InlineData("GET", "/orders/7", "reader", DecisionKind.Forbidden, ReasonCodes.PolicyDenied, "no-order-7")]
    [InlineData("GET", "/orders/42", "writer", DecisionKind.Forbidden, ReasonCodes.NoMatchingPolicy, null)]
    [InlineData("DELETE", "/orders/42", "reader", DecisionKind.Forbidden, ReasonCodes.NoMatchingPolicy, null)]   // DELETE → write: no policy
    [InlineData("GET", "/orders", "writer", DecisionKind.Allow, ReasonCodes.Allowed, null)]                       // scopes-only rule
    public async Task Decide_PolicyGovernedRoute_AsThePoliciesSay(string method, string path, string client, DecisionKind kind, string reason, string? policyId)
    {
        var decision = await Decide(method, path, client: client);
        Assert.Equal((kind, reason, policyId), (decision.Kind, decision.Reason, decision.PolicyId));
    }

    [Fact]
    public async Task Decide_ScopesFirst_ThenPolicies()
    {
        var decision = await Decide("GET", "/orders/42", scope: "other");
        Assert.Equal(ReasonCodes.InsufficientScope, decision.Reason);
    }

    [Fact]
    public async Task Decide_RuleAction_AndCallerAddressCondition()
    {
        Assert.Equal(DecisionKind.Allow, (await Decide("POST", "/orders/42/refunds", address: "10.1.1.1")).Kind);
        Assert.Equal(ReasonCodes.NoMatchingPolicy, (await Decide("POST", "/orders/42/refunds", address: "203.0.113.9")).Reason);
        Assert.Equal(ReasonCodes.NoMatchingPolicy, (await Decide("POST", "/orders/42/refunds")).Reason);    // no address: the condition fails
    }

    [Fact]
    public async Task Decide_PolicyDenied_LogsThePolicy()
    {
        await Decide("GET", "/orders/7");
        Assert.Contains(_logs.Lines, l => l.Message.Contains("policy_denied", StringComparison.Ordinal) && l.Message.Contains("policy=no-order-7", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Decide_PoliciesReplaced_TakeEffectOnTheNextDecision()
    {
        Assert.Equal(DecisionKind.Forbidden, (await Decide("DELETE", "/orders/42")).Kind);
        _authorizer.ReplacePolicies(PolicySet.Compile([new Policy { Id = "w", Subjects = ["reader"], Actions = ["write"], Resources = ["resources:orders:<.*>"] }]));
        Assert.Equal(DecisionKind.Allow, (await Decide("DELETE", "/orders/42")).Kind);
        Assert.Equal(ReasonCodes.NoMatchingPolicy, (await Decide("GET", "/orders/42")).Reason);
    }

    [Fact]
    public async Task Decide_Allow_NeverListsPolicyGovernedRoutesAsAllowed()
    {
        var decision = await Decide("GET", "/orders/42");
        Assert.Equal(DecisionKind.Allow, decision.Kind);
        Assert.DoesNotContain(decision.AllowedRoutes, r => r.PathPattern.StartsWith("/orders/{id}", StringComparison.Ordinal));
        Assert.Contains(new AllowedRoute("GET", "/orders"), decision.AllowedRoutes);
    }

    [Fact]
    public void Permissions_PolicyGovernedRouteInsideAWiderAllowedRoute_IsDenied()
    {
        var table = RouteTable.Compile(RouteRulesFile.ParseYaml("""
            rules:
              - route: "GET /orders/**"
                any: [orders]
              - route: GET /orders/{id}
                resource: "resources:orders:{id}"
            """));
        var permissions = table.PermissionsFor("orders", ["orders"]);
        Assert.Equal([new AllowedRoute("GET", "/orders/**")], permissions.Allowed);
        Assert.Equal([new AllowedRoute("GET", "/orders/{id}")], permissions.Denied);
    }

    [Theory]
    [InlineData("rules:\n  - route: GET /orders/{id}\n    resource: \"orders:{oid}\"", "'{oid}' is not a parameter")]
    [InlineData("rules:\n  - route: GET /orders/{id}\n    resource: \"orders:{id\"", "without a '}'")]
    [InlineData("rules:\n  - route: GET /orders/{id}\n    resource: \"orders:id}\"", "without a '{'")]
    [InlineData("rules:\n  - route: GET /orders/{id}\n    action: read", "'action' needs a 'resource'")]
    [InlineData("rules:\n  - route: GET /orders/{id}\n    deny: true\n    resource: \"orders:{id}\"", "cannot name a resource")]
    [InlineData("rules: []\nactions:\n  '*': read", "actions:")]
    public void Rules_BadResourceOrMapping_AreRefused(string yaml, string expected)
    {
        var e = Assert.Throws<RouteRulesException>(() => RouteRulesFile.ParseYaml(yaml));
        Assert.Contains(e.Errors, m => m.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Rules_MethodActionMapping_IsConfigurable()
    {
        var rules = RouteRulesFile.ParseJson("""{"rules": [{"route": "GET /a/{id}", "resource": "a:{id}"}], "actions": {"GET": "view", "OPTIONS": "read"}}""");
        var table = RouteTable.Compile(rules);
        Assert.Equal(("view", "read", (string?)null), (table.ActionFor("GET"), table.ActionFor("options"), table.ActionFor("POST")));
    }
}
