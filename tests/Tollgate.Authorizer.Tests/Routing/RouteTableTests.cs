using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Routing;

namespace Tollgate.Authorizer.Tests.Routing;

public class RouteTableTests
{
    private static RouteRule Rule(string route, params string[] all)
    {
        var parts = route.Split(' ');
        return new RouteRule { Method = parts[0], Path = parts[1], AllOf = all };
    }

    private static RouteTable Table(params RouteRule[] rules) => RouteTable.Compile(new RouteRuleSet(rules));

    private static string? Matched(RouteTable table, string method, string path) => table.Match(method, path).Rule?.ToString();

    [Fact]
    public void Match_LiteralBeatsParamBeatsStarBeatsDoubleStar()
    {
        var table = Table(Rule("GET /contacts/me"), Rule("GET /contacts/{id}"), Rule("GET /contacts/*/x"), Rule("GET /contacts/**"), Rule("GET /contacts/*"));

        Assert.Equal("GET /contacts/me", Matched(table, "GET", "/contacts/me"));
        Assert.Equal("GET /contacts/{id}", Matched(table, "GET", "/contacts/42"));
        Assert.Equal("GET /contacts/*/x", Matched(table, "GET", "/contacts/42/x"));
        Assert.Equal("GET /contacts/**", Matched(table, "GET", "/contacts/42/y"));
        Assert.Equal("GET /contacts/**", Matched(table, "GET", "/contacts"));
    }

    [Fact]
    public void Match_ExactMethodBeatsAnyMethodOnSamePath()
    {
        var table = Table(Rule("* /contacts"), Rule("GET /contacts"));

        Assert.Equal("GET /contacts", Matched(table, "GET", "/contacts"));
        Assert.Equal("GET /contacts", Matched(table, "get", "/contacts"));
        Assert.Equal("* /contacts", Matched(table, "DELETE", "/contacts"));
    }

    [Fact]
    public void Match_MorePreciseAnyMethodPathBeatsExactMethodOnParam()
    {
        var table = Table(Rule("* /contacts/me"), Rule("GET /contacts/{id}"));

        Assert.Equal("* /contacts/me", Matched(table, "GET", "/contacts/me"));
    }

    [Fact]
    public void Match_MethodMissingOnSpecificPath_FallsBackToLessSpecificPath()
    {
        var table = Table(Rule("GET /a/{id}"), Rule("POST /a/**"), Rule("ANY /b"));

        Assert.Equal("POST /a/**", Matched(table, "POST", "/a/5"));
        Assert.Equal("GET /a/{id}", Matched(table, "GET", "/a/5"));
        Assert.Null(Matched(table, "PUT", "/a/5"));
        Assert.Equal("* /b", Matched(table, "PATCH", "/b"));
    }

    [Fact]
    public void Match_DoubleStar_MatchesZeroOrManySegments()
    {
        var table = Table(Rule("* /admin/**"));

        Assert.NotNull(Matched(table, "GET", "/admin"));
        Assert.NotNull(Matched(table, "POST", "/admin/users/7/keys"));
        Assert.Null(Matched(table, "GET", "/administrator"));
        Assert.Null(Matched(table, "GET", "/"));
    }

    [Theory]
    [InlineData("/contacts/")]
    [InlineData("//contacts")]
    [InlineData("/contacts?page=2")]
    [InlineData("/contacts#top")]
    public void Match_TrailingSlashOrQuery_StillMatches(string path) =>
        Assert.Equal("GET /contacts", Matched(Table(Rule("GET /contacts")), "GET", path));

    [Fact]
    public void Match_LiteralsAreCaseSensitive() => Assert.Null(Matched(Table(Rule("GET /contacts")), "GET", "/Contacts"));

    [Theory]
    [InlineData("/public/../admin")]
    [InlineData("/public/./x")]
    [InlineData("/public/%2e%2e/admin")]
    [InlineData("/public/.%2E/admin")]
    [InlineData("/public%2fadmin")]
    [InlineData("/public\\..\\admin")]
    public void Match_DotSegmentsOrEncodedSlashes_AreInvalid(string path)
    {
        var match = Table(Rule("GET /public/**")).Match("GET", path);

        Assert.True(match.InvalidPath);
        Assert.Null(match.Rule);
    }

    [Fact]
    public void Match_NoRule_IsNone()
    {
        var match = Table(Rule("GET /contacts")).Match("GET", "/orders");

        Assert.Null(match.Rule);
        Assert.False(match.InvalidPath);
    }

    [Fact]
    public void Match_TenThousandRules_FindsEachOne()
    {
        var rules = Enumerable.Range(0, 10_000).Select(i => Rule($"{(i % 2 == 0 ? "GET" : "POST")} /svc{i / 10}/items{i % 10}/{{id}}")).ToArray();
        var table = Table(rules);

        Assert.Equal(10_000, table.Count);
        Assert.Equal("GET /svc123/items4/{id}", Matched(table, "GET", "/svc123/items4/abc"));
        Assert.Equal("POST /svc999/items9/{id}", Matched(table, "POST", "/svc999/items9/z"));
        Assert.Null(Matched(table, "POST", "/svc999/items8/z"));
    }

    [Fact]
    public void Compile_InvalidRules_ListsEveryError()
    {
        var ex = Assert.Throws<RouteRulesException>(() => Table(
            Rule("GET contacts"), Rule("GET /a/**/b"), Rule("G@T /x"), Rule("GET /x/{id}"), Rule("GET /x/{other}"), Rule("GET /y/pre{id}"),
            new RouteRule { Method = "GET", Path = "/z", Access = RuleAccess.Deny, AllOf = ["a"] }));

        Assert.Equal(6, ex.Errors.Count);
        Assert.Contains(ex.Errors, e => e.StartsWith("rules[0]", StringComparison.Ordinal) && e.Contains("start with '/'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("rules[4]", StringComparison.Ordinal) && e.Contains("rules[3]", StringComparison.Ordinal));
    }

    [Fact]
    public void Scopes_AllAndAny_AreChecked()
    {
        var all = new RouteRule { Method = "GET", Path = "/", AllOf = ["a", "b"] };
        var any = new RouteRule { Method = "GET", Path = "/", AnyOf = ["a", "b"] };
        var both = new RouteRule { Method = "GET", Path = "/", AllOf = ["x"], AnyOf = ["a", "b"] };

        Assert.True(all.IsSatisfiedBy(["b", "a"]));
        Assert.False(all.IsSatisfiedBy(["a"]));
        Assert.True(any.IsSatisfiedBy(["b"]));
        Assert.False(any.IsSatisfiedBy(["c"]));
        Assert.False(any.IsSatisfiedBy([]));
        Assert.True(both.IsSatisfiedBy(["x", "b"]));
        Assert.False(both.IsSatisfiedBy(["x"]));
        Assert.False(new RouteRule { Method = "GET", Path = "/", Access = RuleAccess.Deny }.IsSatisfiedBy(["x"]));
    }

    [Fact]
    public void Permissions_ListSatisfiedRulesAndMoreSpecificRefusals()
    {
        var table = Table(
            Rule("GET /contacts", "read:contacts"), Rule("GET /contacts/{id}", "read:contacts"), Rule("POST /contacts", "write:contacts"),
            Rule("GET /reports/**", "read:reports"), Rule("GET /reports/secret", "admin"),
            new RouteRule { Method = "*", Path = "/contacts/export", Access = RuleAccess.Deny });

        var reader = table.PermissionsFor("read:contacts read:reports", ["read:contacts", "read:reports"]);

        Assert.Equal([new AllowedRoute("GET", "/contacts"), new AllowedRoute("GET", "/contacts/{id}"), new AllowedRoute("GET", "/reports/**")], reader.Allowed);
        Assert.Equal([new AllowedRoute("GET", "/reports/secret"), new AllowedRoute("*", "/contacts/export")], reader.Denied);
    }

    [Fact]
    public void Permissions_DefaultAllow_AllowsEverythingButRefusedRules()
    {
        var table = RouteTable.Compile(new RouteRuleSet([Rule("POST /contacts", "write:contacts")]), DefaultAction.AllowAuthenticated);

        var permissions = table.PermissionsFor("", []);

        Assert.Equal([new AllowedRoute("*", "/**")], permissions.Allowed);
        Assert.Equal([new AllowedRoute("POST", "/contacts")], permissions.Denied);
    }
}
