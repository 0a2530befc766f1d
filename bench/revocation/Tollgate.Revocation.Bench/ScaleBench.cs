using System.Diagnostics;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Revocation;
using Tollgate.Authorizer.Routing;
using Tollgate.Authorizer.Validation;

namespace Tollgate.Revocation.Bench;

/// <summary>
/// With the server holding <c>entries</c> live revocations: a full sync from <c>since=0</c> (time,
/// bytes, requests), the authorizer's managed heap and working set after it, one incremental pull
/// with one new entry, and decisions per second on one thread — cache hits and unique tokens —
/// with the feed as the revocation check against the same engine with none, interleaved.
/// </summary>
public static class ScaleBench
{
    public static async Task<Dictionary<string, object>> RunAsync(ServerProcess server, Credentials gateway, Credentials service, int pageSize)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
        var unique = await FetchTokensAsync(server, service, 2_000);
        var results = new Dictionary<string, object>();

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var options = new RevocationFeedOptions { Url = server.Url + "/revocations", ClientId = gateway.ClientId, ClientSecret = gateway.ClientSecret, PageSize = pageSize };
        await using var feed = new RevocationFeed(options, http, TimeProvider.System, null, TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();
        if (!await feed.PullAsync()) throw new InvalidOperationException("full sync failed");
        results["full_sync_s"] = Math.Round(clock.Elapsed.TotalSeconds, 3);
        results["full_sync_bytes"] = feed.BytesReceived;
        results["full_sync_requests"] = feed.RequestCount;
        results["live_entries"] = feed.Count;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        using (var self = Process.GetCurrentProcess())
        {
            results["heap_mb"] = Mb(heapAfter);
            results["heap_for_list_mb"] = Mb(heapAfter - heapBefore);
            results["token_tables_mb"] = Mb(feed.TokenTableBytes);
            results["working_set_mb"] = Mb(self.WorkingSet64);
            results["peak_working_set_mb"] = Mb(self.PeakWorkingSet64);
        }

        await server.AdminAsync(HttpMethod.Post, "/admin/revocations", new { type = "token", jti = Guid.NewGuid().ToString("N"), expires_at = DateTimeOffset.UtcNow.AddHours(1) });
        clock.Restart();
        if (!await feed.PullAsync()) throw new InvalidOperationException("incremental pull failed");
        results["incremental_pull_ms"] = Math.Round(clock.Elapsed.TotalMilliseconds, 1);

        results["check_ns"] = Math.Round(CheckNanoseconds(feed, server.Url), 1);

        var hits = unique.Take(1_000).Select(Request).ToArray();
        var withFeed = Build(server, http, feed);
        var without = Build(server, http, NoRevocation.Instance);
        await withFeed.WarmUpAsync();
        await without.WarmUpAsync();
        foreach (var r in hits) { Decide(withFeed, r); Decide(without, r); }

        var rates = new Dictionary<string, List<double>>();
        for (var run = 0; run < 9; run++)
        {
            Interleave(rates, hits.Length * 200, 10_000,
                ("hits_with_feed", i => Decide(withFeed, hits[i % hits.Length])),
                ("hits_without_check", i => Decide(without, hits[i % hits.Length])));
            // Fresh engines: every decision verifies a signature.
            var freshFeed = Build(server, http, feed);
            var freshNone = Build(server, http, NoRevocation.Instance);
            await freshFeed.WarmUpAsync();
            await freshNone.WarmUpAsync();
            var requests = unique.Select(Request).ToArray();
            Interleave(rates, requests.Length, 100,
                ("unique_with_feed", i => Decide(freshFeed, requests[i])),
                ("unique_without_check", i => Decide(freshNone, requests[i])));
        }
        foreach (var (name, values) in rates) results[name + "_per_s"] = Math.Round(Median(values));
        return results;
    }

    /// <summary>The check alone, median of 9 passes over 100,000 tokens that are not revoked (every lookup misses).</summary>
    private static double CheckNanoseconds(RevocationFeed feed, string issuer)
    {
        var now = DateTimeOffset.UtcNow;
        var tokens = Enumerable.Range(0, 100_000).Select(_ => new ValidatedToken
        {
            Issuer = issuer, Jti = Guid.NewGuid().ToString("N"), ClientId = "service", Subject = "service",
            Audiences = [ServerProcess.Audience], Scopes = ["read:contacts"], IssuedAt = now,
        }).ToArray();
        var passes = new List<double>();
        for (var pass = 0; pass < 10; pass++)
        {
            var t0 = Stopwatch.GetTimestamp();
            foreach (var token in tokens)
                if (feed.Check(token) != RevocationStatus.NotRevoked) throw new InvalidOperationException("a fresh jti is revoked");
            if (pass > 0) passes.Add(Stopwatch.GetElapsedTime(t0).TotalNanoseconds / tokens.Length);
        }
        return Median(passes);
    }

    private static async Task<string[]> FetchTokensAsync(ServerProcess server, Credentials service, int count)
    {
        var tokens = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) => tokens[i] = await server.AccessTokenAsync(service));
        return tokens;
    }

    private static TollgateAuthorizer Build(ServerProcess server, HttpClient http, IRevocationCheck revocation) =>
        new AuthorizerBuilder(new AuthorizerOptions
        {
            Issuers = [new IssuerOptions { Issuer = server.Url, Audiences = [ServerProcess.Audience] }],
            DefaultAction = DefaultAction.AllowAuthenticated,
        }).WithHttpClient(http).WithRevocationCheck(revocation).Build();

    private static AuthorizationRequest Request(string token) => AuthorizationRequest.ForToken("Bearer " + token, "GET", "/contacts");

    private static void Decide(TollgateAuthorizer authorizer, AuthorizationRequest request)
    {
        var decision = authorizer.DecideAsync(request).GetAwaiter().GetResult();
        if (decision.Kind != DecisionKind.Allow) throw new InvalidOperationException($"refused: {decision.Reason}");
    }

    /// <summary>Runs the contenders in alternating chunks so load from other processes hits them alike; adds each one's rate.</summary>
    private static void Interleave(Dictionary<string, List<double>> rates, int count, int chunk, params (string Name, Action<int> Run)[] contenders)
    {
        var elapsed = new long[contenders.Length];
        for (var start = 0; start < count; start += chunk)
        {
            var end = Math.Min(count, start + chunk);
            for (var c = 0; c < contenders.Length; c++)
            {
                var t0 = Stopwatch.GetTimestamp();
                for (var i = start; i < end; i++) contenders[c].Run(i);
                elapsed[c] += Stopwatch.GetTimestamp() - t0;
            }
        }
        for (var c = 0; c < contenders.Length; c++)
        {
            if (!rates.TryGetValue(contenders[c].Name, out var list)) rates[contenders[c].Name] = list = [];
            list.Add(count / (elapsed[c] / (double)Stopwatch.Frequency));
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double Mb(long bytes) => Math.Round(bytes / (1024.0 * 1024.0), 1);
}
