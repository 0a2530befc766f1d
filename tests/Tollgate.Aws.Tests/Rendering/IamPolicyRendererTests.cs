using System.Text.Json;
using Tollgate.Authorizer.Decisions;
using Tollgate.Aws.Events;
using Tollgate.Aws.Rendering;
using Tollgate.Aws.Tests.TestSupport;

namespace Tollgate.Aws.Tests.Rendering;

public class IamPolicyRendererTests
{
    private const string Prefix = "arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/";

    private static AuthorizerInput Input(string methodArn)
    {
        var arn = ExecuteApiArn.TryParse(methodArn)!;
        return new AuthorizerInput(EventKind.RestToken, arn, new AuthorizationRequest { Method = arn.Method, Path = arn.Path });
    }

    private static JsonElement Statements(Decision decision, string methodArn)
    {
        var outcome = new IamPolicyRenderer().Render(decision, Input(methodArn));
        return JsonDocument.Parse(outcome.Response!).RootElement.GetProperty("policyDocument").GetProperty("Statement");
    }

    private static string[] Resources(JsonElement statement) =>
        statement.GetProperty("Resource").EnumerateArray().Select(r => r.GetString()!).ToArray();

    [Fact]
    public void Allow_NoAllowedRoutes_FallsBackToTheMethodArnOnly()
    {
        var statements = Statements(SampleDecisions.Allow with { AllowedRoutes = [] }, Prefix + "GET/contacts/42");

        var statement = Assert.Single(statements.EnumerateArray());
        Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
        Assert.Equal([Prefix + "GET/contacts/42"], Resources(statement));
    }

    [Fact]
    public void Allow_RoutesNotCoveringTheCall_AlsoAllowTheMethodArn()
    {
        var decision = SampleDecisions.Allow with { AllowedRoutes = [new("GET", "/contacts")] };

        var statement = Assert.Single(Statements(decision, Prefix + "GET/health").EnumerateArray());

        Assert.Equal([Prefix + "GET/contacts", Prefix + "GET/health"], Resources(statement));
    }

    [Fact]
    public void Forbidden_NoAllowedRoutes_DeniesOnlyTheMethodArn()
    {
        var decision = SampleDecisions.Forbidden with { AllowedRoutes = [] };

        var statement = Assert.Single(Statements(decision, Prefix + "POST/contacts").EnumerateArray());

        Assert.Equal("Deny", statement.GetProperty("Effect").GetString());
        Assert.Equal([Prefix + "POST/contacts"], Resources(statement));
    }

    [Fact]
    public void Forbidden_CalledRouteInsideAnAllowedWildcard_ExplicitDenyStillListsIt()
    {
        // The read client may GET any contact except this one: Deny overrides the wider Allow in IAM.
        var statements = Statements(SampleDecisions.Forbidden, Prefix + "GET/contacts/42").EnumerateArray().ToArray();

        Assert.Equal("Deny", statements[0].GetProperty("Effect").GetString());
        Assert.Equal([Prefix + "GET/contacts/42"], Resources(statements[0]));
        Assert.Equal("Allow", statements[1].GetProperty("Effect").GetString());
        Assert.Contains(Prefix + "GET/contacts/*", Resources(statements[1]));
    }

    private static readonly Decision ReportsReader = SampleDecisions.Allow with
    {
        Principal = "svc-reports",
        AllowedRoutes = [new("GET", "/reports/**"), new("GET", "/contacts")],
        DeniedRoutes = [new("GET", "/reports/secret"), new("GET", "/reports/{year}/payroll")],
    };

    /// <summary>IAM evaluation of the statements for one ARN: an explicit Deny wins, then any Allow, else an implicit deny.</summary>
    private static bool Permits(JsonElement statements, string arn)
    {
        var matching = statements.EnumerateArray().Where(s => Resources(s).Any(r => IamWildcard.Matches(r, arn))).ToList();
        return matching.Any(s => s.GetProperty("Effect").GetString() == "Allow")
            && !matching.Any(s => s.GetProperty("Effect").GetString() == "Deny");
    }

    [Fact]
    public void Allow_DeniedRoutes_AreRenderedAsOneExplicitDenyStatement()
    {
        var statements = Statements(ReportsReader, Prefix + "GET/reports/2024").EnumerateArray().ToArray();

        Assert.Equal(2, statements.Length);
        Assert.Equal("Allow", statements[0].GetProperty("Effect").GetString());
        Assert.Equal([Prefix + "GET/reports/*", Prefix + "GET/contacts"], Resources(statements[0]));
        Assert.Equal("Deny", statements[1].GetProperty("Effect").GetString());
        Assert.Equal("execute-api:Invoke", statements[1].GetProperty("Action").GetString());
        Assert.Equal([Prefix + "GET/reports/secret", Prefix + "GET/reports/*/payroll"], Resources(statements[1]));
    }

    [Theory]
    [InlineData("GET/reports/2024", true)]
    [InlineData("GET/reports/2024/q1", true)]
    [InlineData("GET/contacts", true)]
    [InlineData("GET/reports/secret", false)]
    [InlineData("GET/reports/2024/payroll", false)]
    [InlineData("POST/reports/2024", false)]
    public void Allow_CachedPolicyWithDeniedRoutes_NeverOpensARouteTheEngineRefuses(string route, bool permitted)
    {
        // API Gateway reuses the answer to the first call for every route this token calls next.
        var cached = Statements(ReportsReader, Prefix + "GET/reports/2024");

        Assert.Equal(permitted, Permits(cached, Prefix + route));
    }

    [Fact]
    public void Allow_NoDeniedRoutes_HasNoDenyStatement()
    {
        var statements = Statements(ReportsReader with { DeniedRoutes = [] }, Prefix + "GET/reports/2024");

        Assert.DoesNotContain(statements.EnumerateArray(), s => s.GetProperty("Effect").GetString() == "Deny");
    }

    [Fact]
    public void Forbidden_DeniedRoutes_JoinTheCalledArnInTheDenyStatement()
    {
        var decision = ReportsReader with { Kind = DecisionKind.Forbidden, Reason = ReasonCodes.InsufficientScope };

        var statements = Statements(decision, Prefix + "GET/reports/secret").EnumerateArray().ToArray();

        Assert.Equal("Deny", statements[0].GetProperty("Effect").GetString());
        Assert.Equal([Prefix + "GET/reports/secret", Prefix + "GET/reports/*/payroll"], Resources(statements[0]));
        Assert.Equal("Allow", statements[1].GetProperty("Effect").GetString());
        Assert.Equal([Prefix + "GET/reports/*", Prefix + "GET/contacts"], Resources(statements[1]));
    }

    [Fact]
    public void Forbidden_CalledArnNotADeniedRoute_IsDeniedFirstThenTheDeniedRoutes()
    {
        var decision = ReportsReader with { Kind = DecisionKind.Forbidden, Reason = ReasonCodes.NoMatchingRule };

        var statements = Statements(decision, Prefix + "DELETE/reports/2024");

        Assert.Equal([Prefix + "DELETE/reports/2024", Prefix + "GET/reports/secret", Prefix + "GET/reports/*/payroll"], Resources(statements[0]));
        Assert.False(Permits(statements, Prefix + "DELETE/reports/2024"));
        Assert.True(Permits(statements, Prefix + "GET/reports/2024"));
    }

    [Fact]
    public void Allow_DeniedWildcardAlsoCoversTheCalledArn_StaysDeniedStricterNeverWider()
    {
        // The engine allows GET /reports/a/b/payroll (under /reports/**: {year} is one segment), but IAM's
        // GET/reports/*/payroll covers it too. The Deny stays: the policy may be stricter than the engine, never wider.
        var statements = Statements(ReportsReader, Prefix + "GET/reports/a/b/payroll");

        Assert.False(Permits(statements, Prefix + "GET/reports/a/b/payroll"));
        Assert.False(Permits(statements, Prefix + "GET/reports/2024/payroll"));
    }

    [Fact]
    public void Allow_NoPrincipal_UsesAnonymousNeverTheToken()
    {
        var outcome = new IamPolicyRenderer().Render(SampleDecisions.Allow with { Principal = null }, Input(Prefix + "GET/contacts"));

        Assert.Equal("anonymous", JsonDocument.Parse(outcome.Response!).RootElement.GetProperty("principalId").GetString());
    }

    [Fact]
    public void Unauthorized_Any_IsTheUnauthorizedErrorWithoutStackTrace()
    {
        var outcome = new IamPolicyRenderer().Render(SampleDecisions.Unauthorized, Input(Prefix + "GET/contacts"));

        Assert.Null(outcome.Response);
        Assert.Equal(new Tollgate.Aws.Runtime.LambdaError("Unauthorized", "Unauthorized"), outcome.Error);
    }
}

public class UsageIdentifierKeyTests
{
    private const string Arn = "arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/contacts";

    private static JsonElement Render(Decision decision, string? claim)
    {
        var arn = ExecuteApiArn.TryParse(Arn)!;
        var outcome = new IamPolicyRenderer(claim).Render(decision, new AuthorizerInput(EventKind.RestToken, arn, new AuthorizationRequest { Method = arn.Method, Path = arn.Path }));
        return JsonDocument.Parse(outcome.Response!).RootElement;
    }

    [Fact]
    public void Allow_WithClientIdConfigured_CarriesTheClientAsUsageIdentifierKey_BesidePrincipalAndPolicy()
    {
        var response = Render(SampleDecisions.Allow, "client_id");
        Assert.Equal("svc-write", response.GetProperty("usageIdentifierKey").GetString());
        Assert.Equal("svc-write", response.GetProperty("principalId").GetString());
        Assert.Equal(["principalId", "policyDocument", "context", "usageIdentifierKey"], response.EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Fact]
    public void Allow_WithAnotherClaim_CarriesThatClaim_AndNothingWhenTheTokenLacksIt()
    {
        var decision = SampleDecisions.Allow with { Claims = new Dictionary<string, string>(SampleDecisions.Allow.Claims) { ["tenant"] = "acme" } };
        Assert.Equal("acme", Render(decision, "tenant").GetProperty("usageIdentifierKey").GetString());
        Assert.False(Render(SampleDecisions.Allow, "tenant").TryGetProperty("usageIdentifierKey", out _));
    }

    [Fact]
    public void Allow_NotConfigured_HasNoUsageIdentifierKey()
        => Assert.False(Render(SampleDecisions.Allow, null).TryGetProperty("usageIdentifierKey", out _));
}
