using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tollgate.Aws.Configuration;
using Tollgate.Aws.Handling;
using Tollgate.Aws.Logging;
using Tollgate.Aws.Rendering;
using Tollgate.Aws.Tests.TestSupport;
using Tollgate.Core.Keys;
using Tollgate.Core.Tokens;

namespace Tollgate.Aws.Tests.Handling;

/// <summary>
/// Policy-governed routes through the real engine from TOLLGATE_POLICIES_FILE: the IAM policy
/// allows exactly the called resource (never the route's wildcard), so a cached Allow cannot
/// cover an order the policies deny; the caller's sourceIp reaches CIDR conditions.
/// </summary>
public sealed class PolicyAuthorizerTests : IDisposable
{
    private const string Issuer = EngineHarness.Issuer;
    private const string Audience = "https://api.orders.example";
    private const string Prefix = "arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/dev/";
    private readonly string _rules = Path.GetTempFileName() + ".yaml";
    private readonly string _policies = Path.GetTempFileName() + ".json";
    private readonly EngineHarness _engine = new();

    public PolicyAuthorizerTests()
    {
        File.WriteAllText(_rules, """
            rules:
              - route: GET /orders
                any: [orders]
              - route: GET /orders/{id}
                any: [orders]
                resource: "resources:orders:{id}"
            """);
        File.WriteAllText(_policies, """
            {"policies": [
              {"id": "read-orders", "subjects": ["svc"], "actions": ["read"], "resources": ["resources:orders:<.*>"],
               "conditions": {"remoteIPAddress": {"type": "CIDRCondition", "options": {"cidr": "203.0.113.0/24"}}}},
              {"id": "not-order-7", "subjects": ["<.*>"], "effect": "deny", "actions": ["<.*>"], "resources": ["resources:orders:7"]}
            ]}
            """);
    }

    public void Dispose()
    {
        File.Delete(_rules);
        File.Delete(_policies);
        _engine.Dispose();
    }

    private AuthorizerHandler Handler() => _engine.Handler(new()
    {
        ["AUDIENCE"] = Audience, ["TOLLGATE_RULES_FILE"] = _rules, ["TOLLGATE_POLICIES_FILE"] = _policies,
    });

    private static string Jwt() =>
        JwtWriter.WriteAccessToken(EngineHarness.Signer, new AccessTokenClaims(Issuer, "svc", Audience, "orders", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5), "jti-svc"));

    /// <summary>A REST REQUEST event for GET {path} from <paramref name="sourceIp"/>.</summary>
    private static byte[] RestRequest(string path, string sourceIp) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["type"] = "REQUEST",
        ["methodArn"] = Prefix + "GET" + path,
        ["resource"] = "/orders/{id}",
        ["path"] = path,
        ["httpMethod"] = "GET",
        ["headers"] = new Dictionary<string, string> { ["Authorization"] = "Bearer " + Jwt() },
        ["requestContext"] = new Dictionary<string, object> { ["httpMethod"] = "GET", ["identity"] = new Dictionary<string, string> { ["sourceIp"] = sourceIp } },
    }));

    private static (List<string> Allow, List<string> Deny, JsonElement Context) Statements(InvocationOutcome outcome)
    {
        Assert.Null(outcome.Error);
        var response = JsonDocument.Parse(outcome.Response!).RootElement;
        var (allow, deny) = (new List<string>(), new List<string>());
        foreach (var statement in response.GetProperty("policyDocument").GetProperty("Statement").EnumerateArray())
        {
            var resources = statement.GetProperty("Resource").EnumerateArray().Select(r => r.GetString()!);
            (statement.GetProperty("Effect").GetString() == "Allow" ? allow : deny).AddRange(resources);
        }
        return (allow, deny, response.GetProperty("context").Clone());
    }

    [Fact]
    public async Task Allowed_ByPolicy_AllowsOnlyTheCalledOrder_NotTheRouteWildcard()
    {
        var (allow, deny, context) = Statements(await Handler().HandleAsync(RestRequest("/orders/42", "203.0.113.9"), "r", CancellationToken.None));

        Assert.Equal([Prefix + "GET/orders", Prefix + "GET/orders/42"], allow);
        Assert.DoesNotContain(allow, r => r.EndsWith("/orders/*", StringComparison.Ordinal));   // a cached Allow must not cover /orders/7
        Assert.Empty(deny);
        Assert.Equal("read-orders", context.GetProperty("policy_id").GetString());
    }

    [Fact]
    public async Task DeniedByPolicy_DeniesTheCalledOrder_NamingThePolicy()
    {
        var (allow, deny, context) = Statements(await Handler().HandleAsync(RestRequest("/orders/7", "203.0.113.9"), "r", CancellationToken.None));

        Assert.Equal([Prefix + "GET/orders/7"], deny);
        Assert.Equal([Prefix + "GET/orders"], allow);
        Assert.Equal(("policy_denied", "not-order-7"), (context.GetProperty("reason").GetString(), context.GetProperty("policy_id").GetString()));
        Assert.Contains("policy_denied", _engine.Log.ToString());
    }

    [Fact]
    public async Task CallerOutsideTheNetwork_NoMatchingPolicy()
    {
        var (_, deny, context) = Statements(await Handler().HandleAsync(RestRequest("/orders/42", "198.51.100.1"), "r", CancellationToken.None));

        Assert.Equal([Prefix + "GET/orders/42"], deny);
        Assert.Equal("no_matching_policy", context.GetProperty("reason").GetString());
    }

    [Fact]
    public void Settings_PolicyFileAndFeedTogether_AreRefused_FeedWithoutClient_IsRefused()
    {
        var both = AwsSettingsParser.Parse(new Dictionary<string, string?>
        {
            ["TOKEN_ISSUER"] = Issuer, ["AUDIENCE"] = Audience, ["TOLLGATE_POLICIES_FILE"] = _policies, ["TOLLGATE_POLICIES_URL"] = Issuer + "/policies",
        });
        Assert.Contains(both.Errors, e => e.Contains("TOLLGATE_POLICIES_FILE and TOLLGATE_POLICIES_URL", StringComparison.Ordinal));
        Assert.Contains(both.Errors, e => e.Contains("TOLLGATE_POLICIES_URL needs a client", StringComparison.Ordinal));

        var missing = AwsSettingsParser.Parse(new Dictionary<string, string?> { ["TOKEN_ISSUER"] = Issuer, ["AUDIENCE"] = Audience, ["TOLLGATE_POLICIES_FILE"] = "/nonexistent/p.json" });
        Assert.Contains(missing.Errors, e => e.Contains("TOLLGATE_POLICIES_FILE names '/nonexistent/p.json'", StringComparison.Ordinal));

        var feed = AwsSettingsParser.Parse(new Dictionary<string, string?>
        {
            ["TOKEN_ISSUER"] = Issuer, ["AUDIENCE"] = Audience, ["TOLLGATE_POLICIES_URL"] = Issuer + "/policies",
            ["CLIENT_ID"] = "gw", ["CLIENT_SECRET"] = "s3cret", ["INTROSPECTION_URL"] = Issuer + "/oauth2/introspect",
        });
        Assert.True(feed.IsValid, string.Join("; ", feed.Errors));
        var options = AuthorizerFactory.ToOptions(feed.Settings!);
        Assert.Equal((Issuer + "/policies", "gw"), (options.PolicyFeed!.Url, options.PolicyFeed.ClientId));
    }
}
