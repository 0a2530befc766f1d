using System.Diagnostics;
using System.Globalization;
using System.Net;
using Tollgate.EndToEnd.Tests.Infrastructure;
using static Tollgate.EndToEnd.Tests.Infrastructure.ScenarioFixture;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// An API's <c>rate_limit</c> through real gateways: nginx (its <c>auth_request</c> sees Tollgate's 429 as an
/// error; the template answers it as 429 with <c>Retry-After</c>), Caddy, HAProxy, and the API protecting itself.
/// The limited request never reaches the contacts API.
/// </summary>
[Collection(ScenarioCollection.Name)]
public sealed class RateLimitGatewayTests(ScenarioFixture scenario)
{
    [Theory, MemberData(nameof(ApiTarget.All), MemberType = typeof(ApiTarget))]
    public async Task Call_PastTheClientsBurst_Is429WithRetryAfter_AndTheApiIsNotCalled(string target)
    {
        var api = scenario.Target(target);
        // A fresh client with its own limit, so no other test's client is limited: one request in 1000 s, bursts of 2.
        var limited = await scenario.Admin.CreateClientAsync($"rate-limited service ({target})");
        await scenario.Admin.CreateGrantAsync(limited.ClientId, ContactsApi, "read:contacts", "write:contacts");
        var token = await scenario.Admin.AccessTokenAsync(limited, ContactsApi);
        var writer = await scenario.Admin.AccessTokenAsync(scenario.Writer, ContactsApi);
        var rules = Rules.TrimEnd()[..^1] + """, "rate_limit": {"clients": {"CLIENT": {"requests_per_second": 0.001, "burst": 2}}}}""".Replace("CLIENT", limited.ClientId, StringComparison.Ordinal);
        try
        {
            await scenario.Admin.PutRoutesAsync(ContactsApi, rules);

            // nginx, Caddy and HAProxy ask the server at once; the API protecting itself gets the rules within its interval.
            var allowed = 0;
            var answer = await api.Jwt.GetAsync("/contacts", token);
            var clock = Stopwatch.StartNew();
            while (answer.Status == HttpStatusCode.OK && clock.Elapsed < api.Propagation + TimeSpan.FromSeconds(5))
            {
                allowed++;
                answer = await api.Jwt.GetAsync("/contacts", token);
            }

            Assert.True(answer.Status == HttpStatusCode.TooManyRequests, answer.ToString());
            if (api.Propagation == TimeSpan.Zero) Assert.Equal(2, allowed);
            else Assert.True(allowed >= 2, $"{allowed} allowed");
            Assert.Equal("rate_limited", answer.Str("error"));

            var before = await api.Jwt.PostAsync("/contacts", writer, """{"name":"Before the limited call"}""");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/contacts") { Content = new StringContent("""{"name":"Limited"}""", System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new("Bearer", token);
            using var refused = await api.Jwt.SendAsync(request);
            var after = await api.Jwt.PostAsync("/contacts", writer, """{"name":"After the limited call"}""");

            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 990, 1000);
            // Contact ids are consecutive: the limited POST created nothing in between.
            Assert.True(before.Status == HttpStatusCode.Created && after.Status == HttpStatusCode.Created, $"{before} / {after}");
            Assert.Equal(before.Body!["id"]!.GetValue<long>() + 1, after.Body!["id"]!.GetValue<long>());
        }
        finally
        {
            await scenario.Admin.PutRoutesAsync(ContactsApi, Rules);
        }
    }
}
