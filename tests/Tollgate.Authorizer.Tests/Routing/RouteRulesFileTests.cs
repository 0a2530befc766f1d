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
    public void Parse_ClashingRules_IsAnError() =>
        Assert.Throws<RouteRulesException>(() => RouteRulesFile.ParseJson("{\"rules\":[{\"route\":\"GET /x/{a}\"},{\"route\":\"GET /x/{b}\"}]}"));
}
