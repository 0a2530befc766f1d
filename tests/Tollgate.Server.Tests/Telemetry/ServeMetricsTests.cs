using System.Net;
using System.Net.Http.Headers;
using Tollgate.Server.Tests.Decisions;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Telemetry;

/// <summary><c>/metrics</c> on <c>serve</c>: scraped before and after a scripted workload, the counters moved by exactly the workload.</summary>
[Collection(MetricsCollection.Name)]
public sealed class ServeMetricsTests(InProcessHost host) : IClassFixture<InProcessHost>
{
    private async Task<PrometheusText> ScrapeAsync()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await host.AdminTokenAsync());
        var response = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new PrometheusText(await response.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> DecideAsync(string audience, string method, string uri, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/decisions");
        request.Headers.Add("X-Tollgate-Audience", audience);
        request.Headers.Add("X-Original-Method", method);
        request.Headers.Add("X-Original-URI", uri);
        if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        return host.Http.SendAsync(request);
    }

    [Fact]
    public async Task Scrape_AfterAWorkload_CountsTokensErrorsIntrospectionsAndDecisions()
    {
        var audience = await host.CreateApiAsync(alg: "ES256");
        Assert.Equal(HttpStatusCode.OK, (await host.AdminAsync(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(audience)}/routes", ForwardAuthTests<InProcessHost>.Rules)).StatusCode);
        var reader = await host.CreateClientAsync();
        await host.GrantAsync(reader.Id, audience, "read:contacts");
        var inspector = await host.CreateClientAsync(introspect: true);
        var before = await ScrapeAsync();

        var tokens = new List<string>();
        for (var i = 0; i < 3; i++) tokens.Add(await host.TokenAsync(reader.Id, reader.Secret, audience));
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.SendAsync(TollgateHost.TokenRequest(reader.Id, "wrong-secret", new() { ["grant_type"] = "client_credentials" }))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.SendAsync(TollgateHost.TokenRequest(reader.Id, reader.Secret,
            new() { ["grant_type"] = "client_credentials", ["audience"] = audience, ["scope"] = "write:contacts" }))).StatusCode);
        Assert.True((await host.IntrospectAsync(tokens[0], inspector.Id, inspector.Secret))["active"]!.GetValue<bool>());
        Assert.True((await host.IntrospectAsync(tokens[1], inspector.Id, inspector.Secret))["active"]!.GetValue<bool>());
        Assert.False((await host.IntrospectAsync("not-a-token", inspector.Id, inspector.Secret))["active"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(audience, "GET", "/contacts", tokens[0])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(audience, "GET", "/contacts/7", tokens[1])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await DecideAsync(audience, "POST", "/contacts", tokens[2])).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(audience, "GET", "/contacts", null)).StatusCode);

        var after = await ScrapeAsync();
        double Delta(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);

        Assert.Equal(3, after.Value("tollgate_tokens_issued_total", ("api", audience), ("format", "jwt"), ("auth_method", "client_secret_basic")));
        Assert.Equal(2, Delta("tollgate_token_errors_total", ("error", "invalid_client")));
        Assert.Equal(1, Delta("tollgate_token_errors_total", ("error", "invalid_scope")));
        Assert.Equal(2, Delta("tollgate_introspections_total", ("result", "active")));
        Assert.Equal(1, Delta("tollgate_introspections_total", ("result", "inactive")));
        Assert.Equal(2, Delta("tollgate_decisions_total", ("kind", "allow"), ("reason", "allowed")));
        Assert.Equal(1, Delta("tollgate_decisions_total", ("kind", "deny"), ("reason", "insufficient_scope")));
        Assert.Equal(1, Delta("tollgate_decisions_total", ("kind", "unauthorized"), ("reason", "missing_token")));
        Assert.Equal(4, Delta("tollgate_decision_duration_seconds_count"));

        // Every token answer is timed, admin tokens (the scrape's own) included: issued + refused = the histogram's count.
        var answered = after.Sum("tollgate_tokens_issued_total") + after.Sum("tollgate_token_errors_total");
        Assert.Equal(answered, after.Sum("tollgate_token_duration_seconds_count"));
        Assert.True(after.Sum("tollgate_token_duration_seconds_sum") > 0);

        Assert.True(after.Value("tollgate_key_age_seconds", ("alg", "ES256"), ("state", "current")) >= 0);
        Assert.NotNull(after.Value("tollgate_revocations_entries"));
        Assert.DoesNotContain(reader.Id, after.Text);   // no client label
        Assert.DoesNotContain(tokens[0], after.Text);
    }

    [Fact]
    public async Task Scrape_WithoutTheAdminToken_IsRefused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.GetAsync("/metrics")).StatusCode);

        var audience = await host.CreateApiAsync();
        var client = await host.CreateClientAsync();
        await host.GrantAsync(client.Id, audience, "read:contacts");
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await host.TokenAsync(client.Id, client.Secret, audience));
        var forbidden = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.DoesNotContain("tollgate_", await forbidden.Content.ReadAsStringAsync());
    }
}
