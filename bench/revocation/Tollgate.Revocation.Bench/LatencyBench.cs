using System.Diagnostics;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Routing;

namespace Tollgate.Revocation.Bench;

/// <summary>
/// Time from a revocation (just before <c>POST /oauth2/revoke</c> is sent) to the first refusal by
/// a running authorizer polling at the default interval, which decides the token every 5 ms.
/// Trials start at a random moment of the polling cycle.
/// </summary>
public static class LatencyBench
{
    public static async Task<Dictionary<string, object>> RunAsync(ServerProcess server, Credentials gateway, Credentials service, int trials)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var interval = RevocationFeedOptions.DefaultInterval;
        await using var authorizer = AuthorizerBuilder.Create(new AuthorizerOptions
        {
            Issuers = [new IssuerOptions { Issuer = server.Url, Audiences = [ServerProcess.Audience] }],
            DefaultAction = DefaultAction.AllowAuthenticated,
            RevocationFeed = new RevocationFeedOptions { Url = server.Url + "/revocations", ClientId = gateway.ClientId, ClientSecret = gateway.ClientSecret },
        }, http);
        if (!await authorizer.WarmUpAsync()) throw new InvalidOperationException("warm-up failed");

        var random = new Random(7);
        var seconds = new List<double>();
        for (var trial = 0; trial < trials; trial++)
        {
            var token = await server.AccessTokenAsync(service);
            var request = AuthorizationRequest.ForToken("Bearer " + token, "GET", "/contacts");
            if ((await authorizer.DecideAsync(request)).Kind != DecisionKind.Allow) throw new InvalidOperationException("fresh token refused");
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next((int)interval.TotalMilliseconds)));

            var clock = Stopwatch.StartNew();
            await server.RevokeAsync(service, token);
            Decision decision;
            while ((decision = await authorizer.DecideAsync(request)).Kind == DecisionKind.Allow && clock.Elapsed < 4 * interval) await Task.Delay(5);
            if (decision.Reason != ReasonCodes.Revoked) throw new InvalidOperationException($"trial {trial}: {decision.Reason} after {clock.Elapsed}");
            seconds.Add(clock.Elapsed.TotalSeconds);
            Console.Error.WriteLine($"trial {trial + 1}/{trials}: refused after {clock.Elapsed.TotalMilliseconds:F0} ms");
        }
        seconds.Sort();
        return new Dictionary<string, object>
        {
            ["interval_s"] = interval.TotalSeconds,
            ["trials"] = trials,
            ["p50_s"] = Percentile(seconds, 0.50),
            ["p90_s"] = Percentile(seconds, 0.90),
            ["p99_s"] = Percentile(seconds, 0.99),
            ["min_s"] = seconds[0],
            ["max_s"] = seconds[^1],
        };
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(List<double> sorted, double p) => Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)], 3);
}
