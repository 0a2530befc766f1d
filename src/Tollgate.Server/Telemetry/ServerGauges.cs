using System.Diagnostics.Metrics;
using Tollgate.Core.Catalog;
using Tollgate.Core.Keys;
using Tollgate.Core.Revocation;

namespace Tollgate.Server.Telemetry;

/// <summary>
/// The server's observable gauges, read at scrape time from the live state (nothing on the hot path):
/// <c>tollgate.key.age</c> {alg, state: current|next|retired}, <c>tollgate.revocations.version</c> and
/// <c>.entries</c>, and with several nodes <c>tollgate.catalog.change_sequence</c>, the PostgreSQL
/// change-feed position this node has applied (compare it across nodes to see lag). An SQLite node
/// has no change feed (one node, changes applied in-process) and so reports no sequence.
/// </summary>
public sealed class ServerGauges
{
    public ServerGauges(ServerMetrics metrics, KeyRing keys, RevocationList revocations, TimeProvider time, ClusterSync? cluster = null)
    {
        var meter = metrics.Meter;
        meter.CreateObservableGauge("tollgate.key.age", () => KeyAges(keys, time.GetUtcNow()), "s",
            "Seconds since each published signing key was created, by algorithm and state.");
        meter.CreateObservableGauge("tollgate.revocations.version", () => revocations.Latest, "{version}", "The latest revocation sequence this node holds (the feed's version).");
        meter.CreateObservableGauge("tollgate.revocations.entries", () => revocations.Count, "{entry}", "Live revocation entries held.");
        if (cluster is not null)
            meter.CreateObservableGauge("tollgate.catalog.change_sequence", () => cluster.Cursor, "{change}", "The catalog change-feed sequence this node has applied.");
    }

    /// <summary>One series per algorithm and state; where a state holds several keys (retired ones), the newest.</summary>
    private static IEnumerable<Measurement<double>> KeyAges(KeyRing keys, DateTimeOffset now)
        => keys.Keys.Where(k => k.PublishedAt(now))
            .GroupBy(k => (k.Alg, State: k.SignsAt(now) ? "current" : k.ActivatesAt > now ? "next" : "retired"))
            .Select(g => new Measurement<double>((now - g.Max(k => k.CreatedAt)).TotalSeconds,
                new KeyValuePair<string, object?>("alg", g.Key.Alg), new KeyValuePair<string, object?>("state", g.Key.State)));
}
