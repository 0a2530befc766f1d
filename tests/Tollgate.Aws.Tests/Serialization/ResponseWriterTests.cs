using System.Text;
using Tollgate.Aws.Rendering;
using Tollgate.Aws.Runtime;
using Tollgate.Aws.Serialization;

namespace Tollgate.Aws.Tests.Serialization;

public class ResponseWriterTests
{
    [Fact]
    public void Write_IamPolicy_UsesAwsPropertyNamesAndCase()
    {
        var response = new IamPolicyResponse("svc",
            new PolicyDocument("2012-10-17", [new PolicyStatement("execute-api:Invoke", "Allow", ["arn:a", "arn:b"])]),
            new Dictionary<string, string> { ["scope"] = "read:contacts" });

        Assert.Equal("""
            {"principalId":"svc","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":["arn:a","arn:b"]}]},"context":{"scope":"read:contacts"}}
            """, Encoding.UTF8.GetString(ResponseWriter.Write(response)));
    }

    [Fact]
    public void Write_SimpleResponse_IsAuthorizedAndContext()
    {
        var json = ResponseWriter.Write(new SimpleResponse(false, new Dictionary<string, string> { ["reason"] = "insufficient_scope" }));

        Assert.Equal("""{"isAuthorized":false,"context":{"reason":"insufficient_scope"}}""", Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void Write_LambdaErrorWithoutStackTrace_OmitsTheKey()
    {
        Assert.Equal("""{"errorMessage":"Unauthorized","errorType":"Unauthorized"}""", Encoding.UTF8.GetString(ResponseWriter.Write(LambdaError.Unauthorized)));
    }

    [Fact]
    public void Write_ContextValueWithQuotesAndControlCharacters_IsEscaped()
    {
        var json = ResponseWriter.Write(new SimpleResponse(true, new Dictionary<string, string> { ["sub"] = "a\"b\n</script>" }));

        var parsed = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("context").GetProperty("sub").GetString();
        Assert.Equal("a\"b\n</script>", parsed);
    }
}
