using Tollgate.Authorizer.RateLimiting;
using Tollgate.Authorizer.Routing;

namespace Tollgate.Authorizer.Tests.Routing;

/// <summary>The rules document's <c>rate_limit</c>: read the same from YAML and JSON, every bad value refused with its field named.</summary>
public sealed class RateLimitRulesTests
{
    [Fact]
    public void ParseYaml_DefaultAndClientOverride_AreRead()
    {
        var limits = RouteRulesFile.ParseYaml("""
            rules: []
            rate_limit:
              requests_per_second: 50
              burst: 100
              clients:
                batch-importer: {requests_per_second: 0.5, burst: 2}
                reporter: {requests_per_second: 2.5}
            """).RateLimits!;

        Assert.Equal(new RateLimit(50, 100), limits.Default);
        Assert.Equal(new RateLimit(0.5, 2), limits.For("batch-importer"));
        Assert.Equal(new RateLimit(2.5, 3), limits.For("reporter"));   // burst defaults to the rate rounded up
        Assert.Equal(new RateLimit(50, 100), limits.For("anyone-else"));
    }

    [Fact]
    public void ParseJson_OnlyClients_LimitsOnlyThem()
    {
        var limits = RouteRulesFile.ParseJson("""{"rules":[],"rate_limit":{"clients":{"noisy":{"requests_per_second":1,"burst":1}}}}""").RateLimits!;

        Assert.Null(limits.Default);
        Assert.Equal(new RateLimit(1, 1), limits.For("noisy"));
        Assert.Null(limits.For("quiet"));
    }

    [Fact]
    public void Parse_NoRateLimit_IsNull() => Assert.Null(RouteRulesFile.ParseJson("""{"rules":[]}""").RateLimits);

    [Theory]
    [InlineData("""{"requests_per_second":0}""", "rate_limit.requests_per_second: must be from 0.001 to 1000000, not 0")]
    [InlineData("""{"requests_per_second":-5,"burst":10}""", "rate_limit.requests_per_second: must be from 0.001 to 1000000, not -5")]
    [InlineData("""{"requests_per_second":2000000}""", "rate_limit.requests_per_second: must be from 0.001 to 1000000, not 2000000")]
    [InlineData("""{"requests_per_second":5,"burst":0}""", "rate_limit.burst: must be a whole number from 1 to 1000000, not 0")]
    [InlineData("""{"burst":10}""", "rate_limit.requests_per_second: required")]
    [InlineData("""{}""", "rate_limit: give requests_per_second (every client) or clients (some clients)")]
    [InlineData("""{"clients":{"a":{"burst":3}}}""", "rate_limit.clients.a.requests_per_second: required")]
    [InlineData("""{"clients":{"a":{"requests_per_second":1,"burst":-1}}}""", "rate_limit.clients.a.burst: must be a whole number from 1 to 1000000, not -1")]
    [InlineData("""{"clients":{"a":null}}""", "rate_limit.clients.a: needs requests_per_second")]
    [InlineData("""{"clients":{"a":{"requests_per_second":1,"clients":{}}}}""", "rate_limit.clients.a.clients: a client's limit has no clients of its own")]
    public void ParseJson_BadRateLimit_NamesTheField(string rateLimit, string expected)
    {
        var ex = Assert.Throws<RouteRulesException>(() => RouteRulesFile.ParseJson($$"""{"rules":[],"rate_limit":{{rateLimit}}}"""));

        Assert.StartsWith(expected, Assert.Single(ex.Errors));
    }

    [Fact]
    public void ParseJson_WrongTypeOrUnknownKey_NamesThePath()
    {
        var wrongType = Assert.Throws<RouteRulesException>(() => RouteRulesFile.ParseJson("""{"rules":[],"rate_limit":{"requests_per_second":5,"burst":1.5}}"""));
        var unknown = Assert.Throws<RouteRulesException>(() => RouteRulesFile.ParseJson("""{"rules":[],"rate_limit":{"requests_per_minute":5}}"""));

        Assert.Contains("$.rate_limit.burst", Assert.Single(wrongType.Errors));
        Assert.Contains("requests_per_minute", Assert.Single(unknown.Errors));
    }

    [Theory]
    [InlineData("rate_limit: 50\n", "YAML line 2: 'rate_limit' must be a mapping")]
    [InlineData("rate_limit: {requests_per_second: fast}\n", "YAML line 2: 'rate_limit.requests_per_second' must be a number")]
    [InlineData("rate_limit: {requests_per_second: 5, burst: 2.5}\n", "YAML line 2: 'rate_limit.burst' must be a whole number")]
    [InlineData("rate_limit: {rps: 5}\n", "YAML line 2: unknown key 'rate_limit.rps' (expected requests_per_second, burst, clients)")]
    [InlineData("rate_limit: {clients: {a: {requests_per_second: 1, clients: {}}}}\n", "YAML line 2: unknown key 'rate_limit.clients.a.clients' (expected requests_per_second, burst)")]
    [InlineData("rate_limit: {requests_per_second: 0.0001}\n", "rate_limit.requests_per_second: must be from 0.001 to 1000000, not 0.0001")]
    public void ParseYaml_BadRateLimit_SaysWhatAndWhere(string rateLimit, string expected)
    {
        var ex = Assert.Throws<RouteRulesException>(() => RouteRulesFile.ParseYaml("rules: []\n" + rateLimit));

        Assert.StartsWith(expected, Assert.Single(ex.Errors));
    }
}
