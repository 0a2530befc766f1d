using Tollgate.Aws.Events;

namespace Tollgate.Aws.Tests.Events;

public class ExecuteApiArnTests
{
    [Theory]
    [InlineData("arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/dev/GET/contacts",
        "arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/dev/", "ymy8tbxw7b", "dev", "GET", "/contacts")]
    [InlineData("arn:aws:execute-api:eu-west-1:123456789012:abc123/prod-v2/DELETE/contacts/42/notes/7",
        "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod-v2/", "abc123", "prod-v2", "DELETE", "/contacts/42/notes/7")]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:abcdef123/$default/POST/contacts",
        "arn:aws:execute-api:us-east-1:123456789012:abcdef123/$default/", "abcdef123", "$default", "POST", "/contacts")]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/",
        "arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/", "abcdef123", "test", "GET", "/")]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET",
        "arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/", "abcdef123", "test", "GET", "/")]
    [InlineData("arn:aws-cn:execute-api:cn-north-1:123456789012:api1/Stage_1/put/contacts/a%20b",
        "arn:aws-cn:execute-api:cn-north-1:123456789012:api1/Stage_1/", "api1", "Stage_1", "PUT", "/contacts/a%20b")]
    public void Parse_MethodArn_SplitsPrefixStageMethodAndPath(string arn, string prefix, string apiId, string stage, string method, string path)
    {
        var parsed = ExecuteApiArn.TryParse(arn);

        Assert.NotNull(parsed);
        Assert.Equal(arn, parsed.Arn);
        Assert.Equal(prefix, parsed.Prefix);
        Assert.Equal(apiId, parsed.ApiId);
        Assert.Equal(stage, parsed.Stage);
        Assert.Equal(method, parsed.Method);
        Assert.Equal(path, parsed.Path);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not an arn")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:authorizer")]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:abcdef123/test")]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:abcdef123//GET/contacts")]
    [InlineData("arn::execute-api:us-east-1:123456789012:abcdef123/test/GET/contacts")]
    public void Parse_NotAnExecuteApiArn_ReturnsNull(string? arn)
    {
        Assert.Null(ExecuteApiArn.TryParse(arn));
    }
}
