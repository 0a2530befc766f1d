using System.Net;
using Tollgate.AspNetCore.Tests.Infrastructure;

namespace Tollgate.AspNetCore.Tests;

/// <summary>UseRouteRules: endpoints with no attribute enforced by the rules the server keeps for the API.</summary>
public sealed class RouteRulesTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string ReadRules = """{"rules": [{"route": "GET /contacts", "scopes": ["read:contacts"]}, {"route": "POST /contacts", "scopes": ["write:contacts"]}]}""";
    private const string TightenedRules = """{"rules": [{"route": "GET /contacts", "scopes": ["write:contacts"]}, {"route": "POST /contacts", "scopes": ["write:contacts"]}]}""";

    private Task PutRulesAsync(string rules)
        => server.Host.AdminOkAsync(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(server.Audience)}/routes", rules);

    [Fact]
    public async Task ServerRules_AreEnforced_WithoutAttributes_AndAChangeArrivesWithinTheInterval()
    {
        await PutRulesAsync(ReadRules);
        await using var api = await ProtectedApi.StartAsync(server.Options(o => o.UseRouteRules = true));
        var token = await server.TokenAsync();

        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Get, "/contacts", token)).StatusCode);
        var post = await api.SendAsync(HttpMethod.Post, "/contacts", token);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal("Bearer error=\"insufficient_scope\", scope=\"write:contacts\"", post.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.SendAsync(HttpMethod.Get, "/contacts", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.SendAsync(HttpMethod.Get, "/unlisted", token)).StatusCode);   // no rule: denied

        await PutRulesAsync(TightenedRules);
        HttpResponseMessage? last = null;
        for (var i = 0; i < 40; i++)
        {
            last = await api.SendAsync(HttpMethod.Get, "/contacts", token);
            if (last.StatusCode == HttpStatusCode.Forbidden) break;
            await Task.Delay(100);
        }
        Assert.Equal(HttpStatusCode.Forbidden, last!.StatusCode);
        await PutRulesAsync(ReadRules);
    }

    [Fact]
    public async Task ServerRules_RateLimit_Is429WithRetryAfter_AndTheEndpointIsNotRun()
    {
        var limited = ReadRules[..^1] + """, "rate_limit": {"clients": {"CALLER": {"requests_per_second": 0.001, "burst": 2}}}}""".Replace("CALLER", server.Caller.Id, StringComparison.Ordinal);
        await PutRulesAsync(limited);
        try
        {
            await using var api = await ProtectedApi.StartAsync(server.Options(o => o.UseRouteRules = true));
            var token = await server.TokenAsync();

            HttpResponseMessage? last = null;
            var allowed = 0;
            for (var i = 0; i < 40; i++)
            {
                last = await api.SendAsync(HttpMethod.Get, "/contacts", token);
                if (last.StatusCode != HttpStatusCode.OK) break;
                allowed++;
            }

            Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
            Assert.Equal(2, allowed);   // the rules are fetched at start, so the limit holds from the first request
            Assert.InRange(int.Parse(last.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 990, 1000);
            Assert.Empty(last.Headers.WwwAuthenticate);
            var body = await last.Content.ReadAsStringAsync();
            Assert.StartsWith("{\"error\":\"rate_limited\"", body, StringComparison.Ordinal);
            Assert.DoesNotContain("contacts for", body, StringComparison.Ordinal);
        }
        finally
        {
            await PutRulesAsync(ReadRules);
        }
    }
}
