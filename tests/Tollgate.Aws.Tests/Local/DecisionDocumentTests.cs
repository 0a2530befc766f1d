using System.Text;
using System.Text.Json;
using Tollgate.Authorizer.Decisions;
using Tollgate.Aws.Local;

namespace Tollgate.Aws.Tests.Local;

public class DecisionDocumentTests
{
    private static Decision Parse(string json) => DecisionDocument.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Parse_EveryProperty_BuildsTheDecision()
    {
        var decision = Parse("""
            {"kind":"forbidden","reason":"insufficient_scope","principal":"svc","scopes":["read:contacts"],
             "claims":{"jti":"j"},"requiredScopes":["write:contacts"],"forwardToken":"jwt",
             "allowedRoutes":[{"method":"GET","pathPattern":"/contacts/{id}"},{"PathPattern":"/admin/**"}],
             "deniedRoutes":[{"method":"GET","pathPattern":"/contacts/me"}],"unknown":[1]}
            """);

        Assert.Equal(DecisionKind.Forbidden, decision.Kind);
        Assert.Equal("insufficient_scope", decision.Reason);
        Assert.Equal("svc", decision.Principal);
        Assert.Equal(["read:contacts"], decision.Scopes);
        Assert.Equal("j", decision.Claims["jti"]);
        Assert.Equal(["write:contacts"], decision.RequiredScopes);
        Assert.Equal("jwt", decision.ForwardToken);
        Assert.Equal([new AllowedRoute("GET", "/contacts/{id}"), new AllowedRoute("*", "/admin/**")], decision.AllowedRoutes);
        Assert.Equal([new AllowedRoute("GET", "/contacts/me")], decision.DeniedRoutes);
    }

    [Theory]
    [InlineData("""{"reason":"x"}""")]
    [InlineData("""{"kind":"maybe"}""")]
    [InlineData("""{"kind":"Allow","scopes":"read"}""")]
    [InlineData("""{"kind":"Allow","allowedRoutes":[{"method":"GET"}]}""")]
    [InlineData("""{"kind":"Allow","deniedRoutes":{"method":"GET"}}""")]
    [InlineData("[]")]
    public void Parse_BadDocument_ThrowsJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Parse(json));
    }
}
