using Tollgate.Authorizer.Decisions;
using Tollgate.Aws.Events;
using Tollgate.Aws.Rendering;

namespace Tollgate.Aws.Tests.Rendering;

public class PolicyResourcesTests
{
    private const string Prefix = "arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/";

    [Theory]
    [InlineData("GET", "/contacts", "GET/contacts")]
    [InlineData("GET", "/contacts/{id}", "GET/contacts/*")]
    [InlineData("get", "/contacts/{id}/notes/{noteId}", "GET/contacts/*/notes/*")]
    [InlineData("*", "/contacts", "*/contacts")]
    [InlineData("ANY", "/contacts", "*/contacts")]
    [InlineData("*", "/admin/**", "*/admin/*")]
    [InlineData("GET", "/", "GET/")]
    [InlineData("GET", "/files/{name}.json", "GET/files/*.json")]
    [InlineData("GET", "/proxy/{proxy+}", "GET/proxy/*")]
    [InlineData("GET", "/a/*/b", "GET/a/*/b")]
    public void FromRoute_MethodAndPattern_GiveWildcardResource(string method, string pattern, string resource)
    {
        Assert.Equal(Prefix + resource, PolicyResources.FromRoute(Prefix, new AllowedRoute(method, pattern)));
    }

    [Fact]
    public void FromRoutes_Duplicates_AreListedOnce()
    {
        var arn = ExecuteApiArn.TryParse(Prefix + "GET/contacts")!;

        var resources = PolicyResources.FromRoutes(arn, [new("GET", "/contacts/{id}"), new("get", "/contacts/{contactId}"), new("GET", "/contacts")]);

        Assert.Equal([Prefix + "GET/contacts/*", Prefix + "GET/contacts"], resources);
    }

    [Theory]
    [InlineData("*/admin/*", "GET/admin/users/1", true)]
    [InlineData("*/admin/*", "GET/admin", false)]
    [InlineData("GET/contacts/*", "GET/contacts/42", true)]
    [InlineData("GET/contacts/*", "GET/contacts", false)]
    [InlineData("GET/contacts/*", "POST/contacts/42", false)]
    [InlineData("GET/contacts", "GET/contacts", true)]
    [InlineData("GET/contacts", "GET/contacts/42", false)]
    [InlineData("GET/c?ntacts", "GET/contacts", true)]
    [InlineData("*", "anything/at/all", true)]
    public void IamWildcard_Pattern_MatchesAsIamDoes(string pattern, string value, bool matches)
    {
        Assert.Equal(matches, IamWildcard.Matches(Prefix + pattern, Prefix + value));
    }
}
