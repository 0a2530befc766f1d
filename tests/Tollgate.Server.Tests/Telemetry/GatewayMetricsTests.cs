using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Tollgate.Server.Gateway;
using Tollgate.Server.Tests.Decisions;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Telemetry;

/// <summary><c>/metrics</c> on <c>tollgate gateway</c>: decisions, JWKS fetches and the revocation feed's gauges after a workload.</summary>
[Collection(MetricsCollection.Name)]
public sealed class GatewayMetricsTests(KestrelHost server) : IClassFixture<KestrelHost>
{
    [Fact]
    public async Task GatewayScrape_AfterDecisions_CountsThemAndShowsTheFeed()
    {
        var audience = await server.CreateApiAsync(alg: "ES256");
        var reader = await server.CreateClientAsync();
        // The reader may make 4 requests (allowed or forbidden) before it is rate-limited.
        var rules = RateLimitDecisionTests<KestrelHost>.LimitedRules("""{"clients": {"READER": {"requests_per_second": 0.001, "burst": 4}}}""".Replace("READER", reader.Id, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await server.AdminAsync(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(audience)}/routes", rules)).StatusCode);
        await server.GrantAsync(reader.Id, audience, "read:contacts");
        var token = await server.TokenAsync(reader.Id, reader.Secret, audience);
        var gateway = await server.CreateClientAsync(introspect: true);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tollgate:Gateway:Server"] = server.Issuer,
            ["Tollgate:Gateway:Audience"] = audience,
            ["Tollgate:Gateway:ClientId"] = gateway.Id,
            ["Tollgate:Gateway:ClientSecret"] = gateway.Secret,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseTestServer();
        builder.AddTollgateGateway();
        await using var app = builder.Build();
        await app.WarmUpGatewayAsync();
        app.MapTollgateGateway();
        await app.StartAsync();
        var http = app.GetTestClient();

        async Task<HttpStatusCode> DecideAsync(string method, string uri, string? bearer)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/decisions");
            request.Headers.Add("X-Original-Method", method);
            request.Headers.Add("X-Original-URI", uri);
            if (bearer is not null) request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {bearer}");
            return (await http.SendAsync(request)).StatusCode;
        }

        var before = new PrometheusText(await http.GetStringAsync("/metrics"));
        Assert.Equal(HttpStatusCode.OK, await DecideAsync("GET", "/contacts", token));
        Assert.Equal(HttpStatusCode.OK, await DecideAsync("GET", "/contacts/1", token));
        Assert.Equal(HttpStatusCode.OK, await DecideAsync("GET", "/contacts/2", token));
        Assert.Equal(HttpStatusCode.Forbidden, await DecideAsync("DELETE", "/contacts/2", token));
        Assert.Equal(HttpStatusCode.Unauthorized, await DecideAsync("GET", "/contacts", "not.a.jwt"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await DecideAsync("GET", "/contacts", token));
        var after = new PrometheusText(await http.GetStringAsync("/metrics"));
        double Delta(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);

        Assert.Equal(3, Delta("tollgate_decisions_total", ("kind", "allow"), ("reason", "allowed")));
        Assert.Equal(1, Delta("tollgate_decisions_total", ("kind", "deny"), ("reason", "insufficient_scope")));
        Assert.Equal(1, Delta("tollgate_decisions_total", ("kind", "unauthorized")));
        Assert.Equal(1, Delta("tollgate_decisions_total", ("kind", "rate_limited"), ("reason", "rate_limited")));
        Assert.Equal(6, Delta("tollgate_decision_duration_seconds_count"));
        Assert.True(after.Sum("tollgate_jwks_refreshes_total", ("result", "success")) >= 1);
        var feed = ("server", new Uri(server.Issuer).Authority);
        Assert.True(after.Value("tollgate_revocation_feed_age_seconds", feed) is >= 0 and < 60);
        Assert.NotNull(after.Value("tollgate_revocation_feed_version", feed));
        Assert.Equal(0, after.Value("tollgate_revocation_feed_entries", feed));
    }
}
