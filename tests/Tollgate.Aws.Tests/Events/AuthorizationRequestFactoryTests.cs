using System.Text;
using Tollgate.Aws.Events;
using Tollgate.Aws.Serialization;
using Tollgate.Aws.Tests.TestSupport;

namespace Tollgate.Aws.Tests.Events;

public class AuthorizationRequestFactoryTests
{
    private static ApiGatewayAuthorizerEvent Read(string json) => EventReader.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void TokenEvent_Fixture_MethodAndPathFromMethodArnAndTokenAsAuthorizationHeader()
    {
        var input = AuthorizationRequestFactory.TryCreate(Read(Fixtures.Text(Fixtures.RestToken)));

        Assert.NotNull(input);
        Assert.Equal(EventKind.RestToken, input.Kind);
        Assert.Equal("GET", input.Request.Method);
        Assert.Equal("/contacts", input.Request.Path);
        Assert.Equal("Bearer " + Fixtures.Token, input.Request.Headers["authorization"]);
        Assert.Single(input.Request.Headers);
        Assert.Empty(input.Request.Query);
    }

    [Theory]
    [InlineData("arn:aws:execute-api:us-east-1:1:api/prod/DELETE/contacts/42", "DELETE", "/contacts/42")]
    [InlineData("arn:aws:execute-api:us-east-1:1:api/v1-beta/GET/contacts/42/notes/7", "GET", "/contacts/42/notes/7")]
    [InlineData("arn:aws:execute-api:us-east-1:1:api/dev/GET/", "GET", "/")]
    public void TokenEvent_StagesNestedPathsAndRoot_DeriveMethodAndPath(string methodArn, string method, string path)
    {
        var input = AuthorizationRequestFactory.TryCreate(Read(
            $$"""{"type":"TOKEN","authorizationToken":"Bearer x","methodArn":"{{methodArn}}"}"""));

        Assert.NotNull(input);
        Assert.Equal(method, input.Request.Method);
        Assert.Equal(path, input.Request.Path);
    }

    [Fact]
    public void TokenEvent_WithoutToken_StillReachesTheEngineWithoutHeader()
    {
        var input = AuthorizationRequestFactory.TryCreate(Read(
            """{"type":"TOKEN","methodArn":"arn:aws:execute-api:us-east-1:1:api/dev/GET/contacts"}"""));

        Assert.NotNull(input);
        Assert.Empty(input.Request.Headers);
    }

    [Fact]
    public void RestRequestEvent_Fixture_HeadersQueryAndPathFromMethodArn()
    {
        var input = AuthorizationRequestFactory.TryCreate(Read(Fixtures.Text(Fixtures.RestRequest)));

        Assert.NotNull(input);
        Assert.Equal(EventKind.RestRequest, input.Kind);
        Assert.Equal("POST", input.Request.Method);
        Assert.Equal("/contacts", input.Request.Path);
        Assert.Equal("Bearer " + Fixtures.Token, input.Request.Headers["AUTHORIZATION"]);
        Assert.Equal("https://www.example.com", input.Request.Headers["origin"]);
        Assert.Equal(Fixtures.Cookie, input.Request.Headers["Cookie"]);
        Assert.Equal("queryValue1", input.Request.Query["QueryString1"]);
    }

    [Fact]
    public void RestRequestEvent_HeaderOnlyInMultiValueHeaders_JoinsItsValues()
    {
        var input = AuthorizationRequestFactory.TryCreate(Read("""
            {"type":"REQUEST","methodArn":"arn:aws:execute-api:us-east-1:1:api/dev/GET/contacts","httpMethod":"GET",
             "headers":{"Authorization":"Bearer single"},
             "multiValueHeaders":{"Authorization":["Bearer multi"],"X-Forwarded-For":["203.0.113.7","10.0.0.1"]},
             "multiValueQueryStringParameters":{"tag":["a","b"]}}
            """));

        Assert.NotNull(input);
        Assert.Equal("Bearer single", input.Request.Headers["Authorization"]);
        Assert.Equal("203.0.113.7, 10.0.0.1", input.Request.Headers["x-forwarded-for"]);
        Assert.Equal("a, b", input.Request.Query["tag"]);
    }

    [Fact]
    public void HttpApiEvent_Fixture_PathWithoutStageAndCookiesAsCookieHeader()
    {
        var input = AuthorizationRequestFactory.TryCreate(Read(Fixtures.Text(Fixtures.HttpApiV2)));

        Assert.NotNull(input);
        Assert.Equal(EventKind.HttpApiV2, input.Kind);
        Assert.Equal("GET", input.Request.Method);
        Assert.Equal("/contacts/42", input.Request.Path);
        Assert.Equal("Bearer " + Fixtures.Token, input.Request.Headers["Authorization"]);
        Assert.Equal("cookie1=value1; cookie2=value2", input.Request.Headers["cookie"]);
        Assert.Equal("value1,value2", input.Request.Query["parameter1"]);
        Assert.Equal("arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/", input.Arn.Prefix);
    }

    [Theory]
    [InlineData("""{"version":"2.0","type":"REQUEST"}""", EventKind.HttpApiV2)]
    [InlineData("""{"type":"TOKEN"}""", EventKind.RestToken)]
    [InlineData("""{"type":"REQUEST"}""", EventKind.RestRequest)]
    [InlineData("""{"version":"1.0","type":"REQUEST"}""", EventKind.RestRequest)]
    public void Detect_VersionAndType_GiveTheKind(string json, EventKind kind)
    {
        Assert.Equal(kind, EventKinds.Detect(Read(json)));
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"type":"COGNITO"}""")]
    [InlineData("""{"Records":[{"eventSource":"aws:sqs"}]}""")]
    public void Detect_NotAnAuthorizerEvent_IsNull(string json)
    {
        Assert.Null(EventKinds.Detect(Read(json)));
        Assert.Null(AuthorizationRequestFactory.TryCreate(Read(json)));
    }

    [Fact]
    public void Deserialize_UnknownKeysOfAnyShape_AreIgnored()
    {
        var e = Read("""
            {"type":"TOKEN","authorizationToken":"Bearer x","methodArn":"arn:aws:execute-api:us-east-1:1:api/dev/GET/contacts",
             "newKey":{"nested":[1,2,{"deep":true}]},"anotherNewKey":null,"requestContext":{"brandNew":[{}],"stage":"dev"}}
            """);

        Assert.Equal("TOKEN", e.Type);
        Assert.Equal("dev", e.RequestContext!.Stage);
        Assert.NotNull(AuthorizationRequestFactory.TryCreate(e));
    }

    [Fact]
    public void RequestEvent_WithoutMethodArn_IsNotUnderstood()
    {
        Assert.Null(AuthorizationRequestFactory.TryCreate(Read("""{"type":"REQUEST","httpMethod":"GET","path":"/contacts"}""")));
    }

    [Theory]
    [InlineData(Fixtures.RestRequest, "203.0.113.7")]
    [InlineData(Fixtures.HttpApiV2, "203.0.113.7")]
    [InlineData(Fixtures.RestToken, null)]
    public void Events_CarryTheCallersSourceIp_WhereApiGatewaySendsIt(string fixture, string? address)
    {
        var input = AuthorizationRequestFactory.TryCreate(EventReader.Read(Fixtures.Bytes(fixture)))!;
        Assert.Equal(address, input.Request.RemoteAddress);
    }
}
