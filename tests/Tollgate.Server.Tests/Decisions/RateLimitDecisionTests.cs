using System.Net;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Decisions;

public sealed class RateLimitDecisionTests_InProcess(InProcessHost host) : RateLimitDecisionTests<InProcessHost>(host);
public sealed class RateLimitDecisionTests_Kestrel(KestrelHost host) : RateLimitDecisionTests<KestrelHost>(host);

/// <summary>
/// An API's <c>rate_limit</c> (in its rules document) at <c>GET /decisions</c>: 429 with <c>Retry-After</c>
/// past a client's burst, on the server's clock; bad limits refused by the admin API with the field named.
/// </summary>
public abstract class RateLimitDecisionTests<THost>(THost host) : IClassFixture<THost> where THost : TollgateHost
{
    /// <summary>The contacts rules with a limit of one request a second, bursts of two, and a slower client.</summary>
    public static string LimitedRules(string rateLimit = """{"requests_per_second": 1, "burst": 2}""") =>
        ForwardAuthTests<THost>.Rules.TrimEnd()[..^1] + $", \"rate_limit\": {rateLimit}}}";

    private Task<HttpResponseMessage> DecideAsync(string audience, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/decisions");
        request.Headers.Add("X-Tollgate-Audience", audience);
        request.Headers.Add("X-Original-Method", "GET");
        request.Headers.Add("X-Original-URI", "/contacts");
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        return host.Http.SendAsync(request);
    }

    private async Task<string> ReaderTokenAsync(string audience)
    {
        var reader = await host.CreateClientAsync();
        await host.GrantAsync(reader.Id, audience, "read:contacts");
        return await host.TokenAsync(reader.Id, reader.Secret, audience);
    }

    [Fact]
    public async Task Decisions_PastTheBurst_Are429WithRetryAfter_OtherClientsGoOn_AndTheBucketRefillsOnTheServersClock()
    {
        var audience = await host.CreateApiAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.AdminAsync(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(audience)}/routes", LimitedRules())).StatusCode);
        var token = await ReaderTokenAsync(audience);
        var other = await ReaderTokenAsync(audience);

        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(audience, token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(audience, token)).StatusCode);
        var limited = await DecideAsync(audience, token);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("1", limited.Headers.GetValues("Retry-After").Single());
        Assert.Equal("no-store", limited.Headers.CacheControl?.ToString());
        var body = await limited.JsonAsync();
        Assert.Equal("rate_limited", body.Str("error"));
        Assert.Contains("retry after 1 s", body.Str("error_description"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(audience, other)).StatusCode);

        host.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(audience, token)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await DecideAsync(audience, token)).StatusCode);
    }

    [Fact]
    public async Task Decisions_ClientOverride_IsKeyedByTheTokensClientId()
    {
        var audience = await host.CreateApiAsync();
        var slow = await host.CreateClientAsync();
        await host.GrantAsync(slow.Id, audience, "read:contacts");
        var rules = LimitedRules("""{"requests_per_second": 100, "clients": {"SLOW": {"requests_per_second": 0.25, "burst": 1}}}""".Replace("SLOW", slow.Id, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await host.AdminAsync(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(audience)}/routes", rules)).StatusCode);
        var token = await host.TokenAsync(slow.Id, slow.Secret, audience);

        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(audience, token)).StatusCode);
        var limited = await DecideAsync(audience, token);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("4", limited.Headers.GetValues("Retry-After").Single());
    }

    [Theory]
    [InlineData("""{"requests_per_second": 0}""", "rate_limit.requests_per_second")]
    [InlineData("""{"requests_per_second": 5, "burst": 0}""", "rate_limit.burst")]
    [InlineData("""{"clients": {"svc": {"burst": 2}}}""", "rate_limit.clients.svc.requests_per_second")]
    public async Task Routes_BadRateLimit_Is400NamingTheField_AndTheRulesStay(string rateLimit, string field)
    {
        var audience = await host.CreateApiAsync();
        var routes = $"/admin/apis/{Uri.EscapeDataString(audience)}/routes";
        Assert.Equal(HttpStatusCode.OK, (await host.AdminAsync(HttpMethod.Put, routes, LimitedRules())).StatusCode);

        var refused = await host.AdminAsync(HttpMethod.Put, routes, LimitedRules(rateLimit));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.JsonAsync())["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), errors.ToJsonString());
        var kept = JsonNode.Parse(await (await host.AdminAsync(HttpMethod.Get, routes)).Content.ReadAsStringAsync())!;
        Assert.Equal(2, kept["rate_limit"]!["burst"]!.GetValue<int>());
    }
}
