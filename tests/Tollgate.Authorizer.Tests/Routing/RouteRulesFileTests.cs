using Tollgate.Authorizer.Routing;

namespace Tollgate.Authorizer.Tests.Routing;

public class RouteRulesFileTests
{
    private const string Yaml = """
        rules:
          - route: GET /contacts
            all: [read:contacts]
          - route: GET /contacts/{id}
            any: [read:contacts, write:contacts]
          - method: post
            path: /contacts
            scopes: [write:contacts]
          - route: GET /health
            anonymous: true
          - route: "* /admin/**"
            deny: true
        """;

    [Fact]
    public void ParseYaml_AllForms_GiveRules()
    {
        var rules = RouteRulesFile.ParseYaml(Yaml).Rules;

        Assert.Equal(5, rules.Count);
        Assert.Equal(["read:contacts"], rules[0].AllOf);
        Assert.Equal(["read:contacts", "write:contacts"], rules[1].AnyOf);
        Assert.Equal(("post", "/contacts"), (rules[2].Method, rules[2].Path));
        Assert.Equal(["write:contacts"], rules[2].AllOf);
        Assert.Equal(RuleAccess.Anonymous, rules[3].Access);
        Assert.Equal(RuleAccess.Deny, rules[4].Access);
    }

    [Fact]
    public void ParseYaml_PolicyGovernedRules_KeepResourceActionAndTheMethodMapping()
    {
        var set = RouteRulesFile.ParseYaml("""
            rules:
              - route: GET /orders/{id}
                resource: resources:orders:{id}
              - route: POST /orders/{id}/cancel
                resource: resources:orders:{id}
                action: cancel
            actions: {GET: view, POST: change}
            """);

        Assert.Equal("resources:orders:{id}", set.Rules[0].Resource);
        Assert.Null(set.Rules[0].Action);
        Assert.Equal("cancel", set.Rules[1].Action);
        Assert.Equal("view", set.MethodActions["get"]);
        var json = RouteRulesFile.ParseJson("""{"rules": [{"route": "GET /orders/{id}", "resource": "resources:orders:{id}"}], "actions": {"GET": "view", "POST": "change"}}""");
        Assert.Equal(set.MethodActions.OrderBy(a => a.Key), json.MethodActions.OrderBy(a => a.Key));
    }

    [Fact]
    public void ParseJson_SameShape_GivesSameRules()
    {
        const string json = """
            { "rules": [
              { "route": "GET /contacts", "all": ["read:contacts"] },
              { "route": "GET /contacts/{id}", "any": ["read:contacts", "write:contacts"] },
              { "method": "post", "path": "/contacts", "scopes": ["write:contacts"] },
              { "route": "GET /health", "anonymous": true },
              { "route": "* /admin/**", "deny": true }
            ] }
            """;

        Assert.Equal(RouteRulesFile.ParseYaml(Yaml).Rules.Select(r => r.ToString()), RouteRulesFile.ParseJson(json).Rules.Select(r => r.ToString()));
    }

    [Fact]
    public void Load_FileByExtension_ReadsIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rules-{Guid.NewGuid():N}.yml");
        File.WriteAllText(path, Yaml);
        try
        {
            Assert.Equal(5, RouteRulesFile.Load(path).Rules.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parse_BadEntries_ListsEachWithIndex()
    {
        const string yaml = """
            rules:
              - route: GET
              - route: GET /x
                method: GET
              - all: [a]
              - route: GET /y
                deny: true
                anonymous: true
            """;

        var ex = Assert.Throws<RouteRulesException>(() => RouteRulesFile.ParseYaml(yaml));

        Assert.Equal(["rules[0]", "rules[1]", "rules[2]", "rules[3]"], ex.Errors.Select(e => e[..8]));
    }

    [Fact]
    public void Parse_UnknownKeyOrNoRules_IsAnError()
    {
        Assert.Throws<RouteRulesException>(() => RouteRulesFile.ParseYaml("rules:\n  - route: GET /x\n    scope: [a]\n"));
        Assert.Throws<RouteRulesException>(() => RouteRulesFile.ParseJson("{\"rules\":[{\"route\":\"GET /x\",\"scope\":[\"a\"]}]}"));
        Assert.Throws<RouteRulesException>(() => RouteRulesFile.ParseJson("{}"));
    }

    [Fact]
    public void ParseYaml_UnknownKey_NamesItAndItsLine()
    {
        var ex = Assert.Throws<RouteRulesException>(() => RouteRulesFile.ParseYaml("rules:\n  - route: GET /x\n    scope: [a]\n"));

        Assert.Equal("YAML line 3: unknown key 'scope' (expected one of route, method, path, all, any, scopes, deny, anonymous, action, resource)", Assert.Single(ex.Errors));
    }

    [Theory]
    [InlineData("rules:\n  - route: GET /x\n    deny: maybe\n", "YAML line 3: 'deny' must be true or false")]
    [InlineData("rules:\n  - route: GET /x\n    scopes: read:contacts\n", "YAML line 3: 'scopes' must be a list of scopes, e.g. [read:contacts]")]
    [InlineData("rules:\n  - route: [GET, /x]\n", "YAML line 2: 'route' must be a string")]
    [InlineData("rules: {route: GET /x}\n", "YAML line 1: 'rules' must be a list")]
    [InlineData("- route: GET /x\n", "YAML line 1: the document must be a mapping with a 'rules' list")]
    [InlineData("rulez: []\n", "YAML line 1: unknown key 'rulez' (the document has 'rules', 'actions', 'require_dpop' and 'rate_limit')")]
    [InlineData("rules:\n  - route: GET /x\n    route: GET /y\n", "YAML line 3: ")]
    public void ParseYaml_WrongShape_SaysWhatAndWhere(string yaml, string expected)
    {
        var ex = Assert.Throws<RouteRulesException>(() => RouteRulesFile.ParseYaml(yaml));

        Assert.StartsWith(expected, Assert.Single(ex.Errors));
    }

    [Theory]
    [InlineData("")]
    [InlineData("rules:\n")]
    [InlineData("rules: ~\n")]
    public void ParseYaml_NoRules_IsTheNoRulesError(string yaml) =>
        Assert.Equal(["the document has no 'rules' list"], Assert.Throws<RouteRulesException>(() => RouteRulesFile.ParseYaml(yaml)).Errors);

    [Fact]
    public void ParseYaml_QuotedAndFlowForms_ReadLikeJson()
    {
        var rules = RouteRulesFile.ParseYaml("rules:\n  - {route: 'GET /a', any: [\"x\", y], deny: false}\n").Rules;

        Assert.Equal(["x", "y"], Assert.Single(rules).AnyOf);
        Assert.Equal(RuleAccess.Scopes, rules[0].Access);
    }

    [Fact]
    public void Parse_ClashingRules_IsAnError() =>
        Assert.Throws<RouteRulesException>(() => RouteRulesFile.ParseJson("{\"rules\":[{\"route\":\"GET /x/{a}\"},{\"route\":\"GET /x/{b}\"}]}"));
}
