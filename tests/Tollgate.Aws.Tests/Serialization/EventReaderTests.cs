using System.Text;
using System.Text.Json;
using Tollgate.Aws.Serialization;
using Tollgate.Aws.Tests.TestSupport;

namespace Tollgate.Aws.Tests.Serialization;

public class EventReaderTests
{
    private static Tollgate.Aws.Events.ApiGatewayAuthorizerEvent Read(string json) => EventReader.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Read_RestRequestFixture_ReadsEveryKeyTheAdapterUses()
    {
        var e = EventReader.Read(Fixtures.Bytes(Fixtures.RestRequest));

        Assert.Equal("REQUEST", e.Type);
        Assert.Equal("arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/POST/contacts", e.MethodArn);
        Assert.Equal("/contacts", e.Resource);
        Assert.Equal("/contacts", e.Path);
        Assert.Equal("POST", e.HttpMethod);
        Assert.Equal("Bearer " + Fixtures.Token, e.Headers!["Authorization"]);
        Assert.Equal(["*/*"], e.MultiValueHeaders!["Accept"]!);
        Assert.Equal("queryValue1", e.QueryStringParameters!["QueryString1"]);
        Assert.Equal(["queryValue1"], e.MultiValueQueryStringParameters!["QueryString1"]!);
        Assert.Equal("test", e.RequestContext!.Stage);
        Assert.Equal("/contacts", e.RequestContext.ResourcePath);
        Assert.Equal("POST", e.RequestContext.HttpMethod);
    }

    [Fact]
    public void Read_HttpApiFixture_ReadsVersionRouteCookiesAndHttpContext()
    {
        var e = EventReader.Read(Fixtures.Bytes(Fixtures.HttpApiV2));

        Assert.Equal("2.0", e.Version);
        Assert.Equal("arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/contacts/42", e.RouteArn);
        Assert.Equal("GET /contacts/{id}", e.RouteKey);
        Assert.Equal("/test/contacts/42", e.RawPath);
        Assert.Equal(["cookie1=value1", "cookie2=value2"], e.Cookies!);
        Assert.Equal("GET", e.RequestContext!.Http!.Method);
        Assert.Equal("/test/contacts/42", e.RequestContext.Http.Path);
    }

    [Fact]
    public void Read_NullsForKnownKeys_AreTreatedAsAbsent()
    {
        var e = Read("""{"type":"TOKEN","headers":null,"requestContext":null,"cookies":null,"multiValueHeaders":{"A":null}}""");

        Assert.Null(e.Headers);
        Assert.Null(e.RequestContext);
        Assert.Null(e.Cookies);
        Assert.Null(e.MultiValueHeaders!["A"]);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"TOKEN\"")]
    [InlineData("""{"type":1}""")]
    [InlineData("""{"headers":{"Authorization":["Bearer x"]}}""")]
    [InlineData("""{"cookies":"a=b"}""")]
    [InlineData("""{"requestContext":{"http":[]}}""")]
    [InlineData("""{"type":"TOKEN" """)]
    public void Read_WrongShape_ThrowsJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Read(json));
    }
}
