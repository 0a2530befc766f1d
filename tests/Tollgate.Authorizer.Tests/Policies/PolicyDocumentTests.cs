using Tollgate.Authorizer.Policies;

namespace Tollgate.Authorizer.Tests.Policies;

public class PolicyDocumentTests
{
    private const string Json = """
        {"policies": [
          {"id": "orders-read", "description": "reporting reads orders", "subjects": ["reporting"], "effect": "allow",
           "actions": ["read"], "resources": ["resources:orders:<.*>"],
           "conditions": {"remoteIPAddress": {"type": "CIDRCondition", "options": {"cidr": "10.0.0.0/8"}}},
           "meta": {"owner": "team-a"}},
          {"id": "no-secrets", "subjects": ["<.*>"], "effect": "DENY", "actions": ["<.*>"], "resources": ["resources:orders:secret"]}
        ]}
        """;

    [Fact]
    public void Parse_LadonShape_GivesPolicies()
    {
        var policies = PolicyDocument.Parse(Json);

        Assert.Equal(2, policies.Count);
        Assert.Equal(("orders-read", PolicyEffect.Allow), (policies[0].Id, policies[0].Effect));
        Assert.Equal("CIDRCondition", policies[0].Conditions["remoteIPAddress"].Type);
        Assert.Equal("10.0.0.0/8", policies[0].Conditions["remoteIPAddress"].Options.GetProperty("cidr").GetString());
        Assert.Equal(PolicyEffect.Deny, policies[1].Effect);
    }

    [Fact]
    public void Write_ThenParse_RoundTrips()
    {
        var policies = PolicyDocument.Parse(Json);
        var again = PolicyDocument.Parse(PolicyDocument.Write(policies));

        Assert.Equal(PolicyDocument.Write(policies), PolicyDocument.Write(again));
        Assert.Equal(policies[0].Resources, again[0].Resources);
        Assert.Equal("10.0.0.0/8", again[0].Conditions["remoteIPAddress"].Options.GetProperty("cidr").GetString());
    }

    [Theory]
    [InlineData("{", "JSON:")]
    [InlineData("{}", "no 'policies' list")]
    [InlineData("""{"policies":[{"id":"p","effect":"maybe"}]}""", "policies[0]: effect 'maybe'")]
    [InlineData("""{"policies":[{"id":"p","colour":"red"}]}""", "JSON:")]
    public void Parse_Invalid_NamesTheProblem(string json, string expected)
    {
        var e = Assert.Throws<PolicyException>(() => PolicyDocument.Parse(json));
        Assert.Contains(e.Errors, m => m.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MissingFile_IsAPolicyException()
    {
        var e = Assert.Throws<PolicyException>(() => PolicyDocument.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json")));
        Assert.Single(e.Errors);
    }
}
