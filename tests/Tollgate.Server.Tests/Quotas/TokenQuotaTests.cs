using System.Net;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Quotas;

/// <summary>A server whose default quota is 5 tokens a day in log-only mode (so the root client is never refused).</summary>
public sealed class QuotaHost() : TollgateHost(null)
{
    protected override bool UseKestrel => false;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Tollgate:Quotas:PerDay"] = "5";
        settings["Tollgate:Quotas:Mode"] = "log-only";
    }
}

/// <summary>Token quotas at POST /oauth2/token, on the host's fake clock.</summary>
public sealed class TokenQuotaTests(QuotaHost host) : IClassFixture<QuotaHost>
{
    private async Task<(string Audience, string Id, string Secret)> ClientAsync(object? quota = null)
    {
        var audience = await host.CreateApiAsync();
        var (id, secret) = await host.CreateClientAsync();
        if (quota is not null) await host.AdminOkAsync(HttpMethod.Patch, $"/admin/clients/{id}", new { token_quota = quota });
        await host.GrantAsync(id, audience, "read:contacts");
        return (audience, id, secret);
    }

    private Task<HttpResponseMessage> RequestAsync(string id, string secret)
        => host.Http.SendAsync(TollgateHost.TokenRequest(id, secret, new() { ["grant_type"] = "client_credentials" }));

    private static string Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    [Fact]
    public async Task TokenRequest_ClientQuotaExhausted_Is429WithRetryAfter_UntilTheWindowResets()
    {
        var (_, id, secret) = await ClientAsync(new { per_minute = 2, per_day = 100, mode = "enforce" });

        var first = await RequestAsync(id, secret);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(("2", "1", "2;w=60, 100;w=86400"), (Header(first, "RateLimit-Limit"), Header(first, "RateLimit-Remaining"), Header(first, "RateLimit-Policy")));
        var reset = int.Parse(Header(first, "RateLimit-Reset"));
        Assert.InRange(reset, 1, 60);
        Assert.Equal("0", Header(await RequestAsync(id, secret), "RateLimit-Remaining"));

        var refused = await RequestAsync(id, secret);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var body = await refused.JsonAsync();
        Assert.Equal("too_many_requests", body.Str("error"));
        Assert.Contains("quota", body.Str("error_description"));
        Assert.Equal(reset.ToString(), Header(refused, "Retry-After"));
        Assert.Equal("0", Header(refused, "RateLimit-Remaining"));
        Assert.Equal("no-store", refused.Headers.CacheControl?.ToString());

        host.Time.Advance(TimeSpan.FromSeconds(reset - 1));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await RequestAsync(id, secret)).StatusCode);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var again = await RequestAsync(id, secret);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        // The refused requests were not counted: the day window holds the three issued tokens.
        Assert.Equal("1", Header(again, "RateLimit-Remaining"));
    }

    [Fact]
    public async Task TokenRequest_DefaultQuotaInLogOnlyMode_IssuesBeyondIt_AndLogsAWarningWithoutTheSecret()
    {
        var (_, id, secret) = await ClientAsync();
        for (var i = 5; i > 0; i--)
        {
            var response = await RequestAsync(id, secret);
            Assert.Equal((HttpStatusCode.OK, (i - 1).ToString(), "5;w=86400"), (response.StatusCode, Header(response, "RateLimit-Remaining"), Header(response, "RateLimit-Policy")));
        }
        Assert.DoesNotContain(host.Logs.Entries, e => e.Contains(id) && e.Contains("quota"));

        var beyond = await RequestAsync(id, secret);
        Assert.Equal(HttpStatusCode.OK, beyond.StatusCode);
        Assert.Equal("0", Header(beyond, "RateLimit-Remaining"));
        var warning = Assert.Single(host.Logs.Entries, e => e.Contains(id) && e.Contains("quota"));
        Assert.StartsWith("Warning", warning);
        Assert.DoesNotContain(secret, warning);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Contains(secret));
    }

    [Fact]
    public async Task ClientQuota_ReplacesTheDefault_AndAnEmptyObjectRestoresIt()
    {
        var (_, id, secret) = await ClientAsync(new { per_hour = 50 });
        var client = await host.AdminOkAsync(HttpMethod.Get, $"/admin/clients/{id}");
        Assert.Equal("""{"per_hour":50,"mode":"enforce"}""", client["token_quota"]!.ToJsonString());
        Assert.Equal("50;w=3600", Header(await RequestAsync(id, secret), "RateLimit-Policy"));

        var cleared = await host.AdminOkAsync(HttpMethod.Patch, $"/admin/clients/{id}", new { token_quota = new { } });
        Assert.False(cleared.ContainsKey("token_quota"));
        Assert.Equal("5;w=86400", Header(await RequestAsync(id, secret), "RateLimit-Policy"));
    }

    [Theory]
    [InlineData("""{"per_minute":-1}""", "token_quota.per_minute")]
    [InlineData("""{"per_hour":1.5}""", "token_quota.per_hour")]
    [InlineData("""{"per_day":"ten"}""", "token_quota.per_day")]
    [InlineData("""{"per_minute":10,"mode":"throttle"}""", "token_quota.mode")]
    [InlineData("""{"per_week":10}""", "token_quota.per_week")]
    [InlineData("""10""", "token_quota")]
    public async Task ClientQuota_Invalid_Is400NamingTheField_AndChangesNothing(string quota, string field)
    {
        var (_, id, _) = await ClientAsync(new { per_minute = 7 });
        var response = await host.AdminAsync(HttpMethod.Patch, $"/admin/clients/{id}", $$"""{"client_name":"renamed","token_quota":{{quota}}}""");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.True(JsonNode.Parse(text)!["errors"]!.AsObject().ContainsKey(field), text);

        var unchanged = await host.AdminOkAsync(HttpMethod.Get, $"/admin/clients/{id}");
        Assert.Equal(("test client", """{"per_minute":7,"mode":"enforce"}"""), (unchanged.Str("client_name"), unchanged["token_quota"]!.ToJsonString()));

        var created = await host.AdminAsync(HttpMethod.Post, "/admin/clients", $$"""{"client_id":"never-{{Guid.NewGuid():N}}","token_quota":{{quota}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
    }
}
