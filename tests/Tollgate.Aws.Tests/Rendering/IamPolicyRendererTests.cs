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
