using System.Text.Json;
using static Tollgate.Interop.Tests.Aws.PolicyAssert;

namespace Tollgate.Interop.Tests.Aws;

/// <summary>
/// The real <c>bootstrap invoke</c> process, configured as on Lambda (TOKEN_ISSUER, JWKS_URI, AUDIENCE,
/// TOLLGATE_RULES_FILE), fetching the keys of a running Tollgate over loopback and deciding on tokens
/// that Tollgate issued, for every documented event shape.
/// </summary>
[Collection(AwsEndToEndCollection.Name)]
public sealed class InvokeEndToEndTests(AwsEndToEndFixture fixture)
{
    private const string UnauthorizedError = """{"errorMessage":"Unauthorized","errorType":"Unauthorized"}""";

    public static TheoryData<EventShape> IamShapes => new(EventShape.RestToken, EventShape.RestRequest, EventShape.HttpApiIam);

    public static TheoryData<EventShape, Caller, string> RefusedTokens()
    {
        var data = new TheoryData<EventShape, Caller, string>();
        foreach (var shape in Enum.GetValues<EventShape>())
        {
            data.Add(shape, Caller.NoToken, "missing_token");
            data.Add(shape, Caller.Garbage, "malformed_token");
            data.Add(shape, Caller.Expired, "expired");
            data.Add(shape, Caller.WrongAudience, "wrong_audience");
            data.Add(shape, Caller.WrongIssuer, "wrong_issuer");
            data.Add(shape, Caller.Forged, "bad_signature");
            data.Add(shape, Caller.Es256NotAllowed, "disallowed_algorithm");
        }
        return data;
    }

    private async Task<JsonElement> ResponseAsync(EventShape shape, Caller caller, ApiCall call)
    {
        var result = await fixture.InvokeAsync(shape, caller, call);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain(fixture.Token(caller)!, result.Stdout + result.Stderr);
        return result.Json;
    }

    /// <summary>Which contacts routes the returned policy opens, as API Gateway would apply it from its cache.</summary>
    private static string[] PermittedRoutes(JsonElement response, EventShape shape) =>
        ApiCall.Contacts.Where(c => Permits(response, AuthorizerEvents.Arn(shape, c))).Select(c => c.ToString()).ToArray();

    [Theory]
    [MemberData(nameof(IamShapes))]
    public async Task Invoke_ReadServiceListsContacts_AllowsItsReadRoutesAndNothingMore(EventShape shape)
    {
        var response = await ResponseAsync(shape, Caller.ReadService, ApiCall.ListContacts);

        Assert.Equal(fixture.ReadService.ClientId, response.GetProperty("principalId").GetString());
        var statement = Assert.Single(Statements(response));
        Assert.Equal("Allow", Effect(statement));
        var prefix = AuthorizerEvents.PrefixOf(shape);
        Assert.Equal([prefix + "GET/contacts", prefix + "GET/contacts/*"], Resources(statement));
        Assert.Equal(["GET /contacts", "GET /contacts/42"], PermittedRoutes(response, shape));

        var context = FlatContext(response);
        var claims = AwsEndToEndFixture.Claims(fixture.Token(Caller.ReadService)!);
        Assert.Equal(fixture.ReadService.ClientId, context["client_id"]);
        Assert.Equal(fixture.ReadService.ClientId, context["sub"]);
        Assert.Equal("read:contacts", context["scope"]);
        Assert.Equal(claims.GetProperty("jti").GetString(), context["jti"]);
        Assert.Equal("allowed", context["reason"]);
    }

    [Theory]
    [MemberData(nameof(IamShapes))]
    public async Task Invoke_ReadServicePostsContact_DeniesThatRouteAndKeepsItsReadRoutes(EventShape shape)
    {
        var response = await ResponseAsync(shape, Caller.ReadService, ApiCall.CreateContact);

        Assert.Equal(fixture.ReadService.ClientId, response.GetProperty("principalId").GetString());
        var statements = Statements(response);
        Assert.Equal(2, statements.Length);
        var prefix = AuthorizerEvents.PrefixOf(shape);
        Assert.Equal("Deny", Effect(statements[0]));
        Assert.Equal([prefix + "POST/contacts"], Resources(statements[0]));
        Assert.Equal("Allow", Effect(statements[1]));
        Assert.Equal([prefix + "GET/contacts", prefix + "GET/contacts/*"], Resources(statements[1]));
        Assert.Equal(["GET /contacts", "GET /contacts/42"], PermittedRoutes(response, shape));

        var context = FlatContext(response);
        Assert.Equal("insufficient_scope", context["reason"]);
        Assert.Equal("write:contacts", context["required_scope"]);
        Assert.Equal(fixture.ReadService.ClientId, context["client_id"]);
    }

    [Theory]
    [MemberData(nameof(IamShapes))]
    public async Task Invoke_WriteServiceDeletesContact_AllowsEveryContactsRoute(EventShape shape)
    {
        var response = await ResponseAsync(shape, Caller.WriteService, ApiCall.DeleteContact);

        Assert.Equal(fixture.WriteService.ClientId, response.GetProperty("principalId").GetString());
        var statement = Assert.Single(Statements(response));
        Assert.Equal("Allow", Effect(statement));
        var prefix = AuthorizerEvents.PrefixOf(shape);
        Assert.Equal(new[] { "GET/contacts", "GET/contacts/*", "POST/contacts", "PUT/contacts/*", "DELETE/contacts/*" }.Select(r => prefix + r).Order(),
            Resources(statement).Order());
        Assert.Equal(ApiCall.Contacts.Select(c => c.ToString()), PermittedRoutes(response, shape));
        Assert.Equal("read:contacts write:contacts", FlatContext(response)["scope"]);
    }

    [Theory]
    [InlineData(Caller.ReadService, "GET", true, "allowed")]
    [InlineData(Caller.ReadService, "POST", false, "insufficient_scope")]
    [InlineData(Caller.WriteService, "DELETE", true, "allowed")]
    public async Task Invoke_HttpApiSimpleResponse_IsAuthorizedWithFlatContext(Caller caller, string method, bool authorized, string reason)
    {
        var call = ApiCall.Contacts.First(c => c.Method == method);

        var response = await ResponseAsync(EventShape.HttpApiSimple, caller, call);

        Assert.Equal(["isAuthorized", "context"], response.EnumerateObject().Select(p => p.Name));
        Assert.Equal(authorized, response.GetProperty("isAuthorized").GetBoolean());
        var context = FlatContext(response);
        Assert.Equal(reason, context["reason"]);
        Assert.Equal(fixture.ClientIdOf(caller), context["client_id"]);
        Assert.Equal(AwsEndToEndFixture.Claims(fixture.Token(caller)!).GetProperty("jti").GetString(), context["jti"]);
    }

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task Invoke_RefusedToken_FailsWithExactlyUnauthorized(EventShape shape, Caller caller, string reason)
    {
        var result = await fixture.InvokeAsync(shape, caller, ApiCall.ListContacts);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(UnauthorizedError, result.Stdout.Trim());
        Assert.Equal(reason, result.LoggedReason);
        if (fixture.Token(caller) is { } token) Assert.DoesNotContain(token, result.Stderr);
    }

    [Fact]
    public async Task Invoke_Es256TokenWithEs256Allowed_IsAllowedAgainstTheEs256Key()
    {
        var response = await ResponseAsync(EventShape.RestToken, Caller.Es256Allowed, ApiCall.GetContact);

        Assert.Equal("Allow", Effect(Assert.Single(Statements(response))));
        Assert.Equal(AwsEndToEndFixture.Es256Audience, FlatContext(response)["aud"]);
    }

    [Fact]
    public async Task Invoke_ReadServiceInsideAWildcardWithANestedRefusedRoute_PolicyDeniesTheNestedRoute()
    {
        var rules = fixture.ReportsRulesFile;
        var prefix = AuthorizerEvents.TokenPrefix;
        var allowed = await fixture.InvokeAsync(EventShape.RestToken, Caller.ReadService, new ApiCall("GET", "/reports/2024", "/reports/{proxy+}"), rules);
        var refused = await fixture.InvokeAsync(EventShape.RestToken, Caller.ReadService, new ApiCall("GET", "/reports/secret", "/reports/{proxy+}"), rules);

        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        var statements = Statements(allowed.Json);
        Assert.Equal(["Allow", "Deny"], statements.Select(Effect));
        Assert.Equal([prefix + "GET/reports/*"], Resources(statements[0]));
        Assert.Equal([prefix + "GET/reports/secret"], Resources(statements[1]));
        Assert.True(Permits(allowed.Json, prefix + "GET/reports/2024/q1"));
        Assert.False(Permits(allowed.Json, prefix + "GET/reports/secret"));

        Assert.True(refused.ExitCode == 0, refused.ToString());
        Assert.Equal("insufficient_scope", refused.LoggedReason);
        statements = Statements(refused.Json);
        Assert.Equal(["Deny", "Allow"], statements.Select(Effect));
        Assert.Equal([prefix + "GET/reports/secret"], Resources(statements[0]));
        Assert.Equal([prefix + "GET/reports/*"], Resources(statements[1]));
    }
}
