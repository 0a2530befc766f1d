using Tollgate.Authorizer.Decisions;
using Tollgate.Aws.Rendering;
using Tollgate.Aws.Tests.TestSupport;

namespace Tollgate.Aws.Tests.Rendering;

public class AuthorizerContextTests
{
    [Fact]
    public void Build_Allow_ClaimsScopeAndReasonAsFlatStrings()
    {
        var context = AuthorizerContext.Build(SampleDecisions.Allow);

        Assert.Equal(new Dictionary<string, string>
        {
            ["client_id"] = "svc-write",
            ["jti"] = "jti-1",
            ["reason"] = "allowed",
            ["scope"] = "read:contacts write:contacts",
            ["sub"] = "svc-write",
        }, context);
    }

    [Fact]
    public void Build_AllowWithForwardToken_AddsBearerAuthorization()
    {
        var context = AuthorizerContext.Build(SampleDecisions.AllowWithForwardToken);

        Assert.Equal("Bearer " + SampleDecisions.JwtForUpstream, context["authorization"]);
    }

    [Fact]
    public void Build_ForbiddenWithForwardToken_NeverForwardsIt()
    {
        var context = AuthorizerContext.Build(SampleDecisions.Forbidden with { ForwardToken = "leak" });

        Assert.False(context.ContainsKey("authorization"));
        Assert.Equal("write:contacts", context["required_scope"]);
        Assert.Equal("insufficient_scope", context["reason"]);
    }

    [Fact]
    public void Build_ClaimNamedAuthorization_IsDropped()
    {
        var decision = SampleDecisions.Allow with { Claims = new Dictionary<string, string> { ["authorization"] = "Bearer forged" } };

        Assert.False(AuthorizerContext.Build(decision).ContainsKey("authorization"));
    }

    [Fact]
    public void Build_PrincipalWithoutClientIdClaim_SetsClientId()
    {
        var decision = new Decision { Kind = DecisionKind.Allow, Reason = "allowed", Principal = "svc" };

        Assert.Equal("svc", AuthorizerContext.Build(decision)["client_id"]);
    }
}
