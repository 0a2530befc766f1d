using System.Diagnostics.Metrics;
using Tollgate.Authorizer.Revocation;

namespace Tollgate.Authorizer.Telemetry;

/// <summary>
/// <c>tollgate.revocation_feed.version</c>, <c>.age</c> (seconds since the last complete sync) and
/// <c>.entries</c>, one series per running feed labelled by its server (a configured URL: bounded).
/// A feed joins when started and leaves when disposed.
/// </summary>
internal static class FeedGauges
{
    private static readonly Lock Gate = new();
    private static RevocationFeed[] _feeds = [];

    public static void Register(Meter meter)
    {
        meter.CreateObservableGauge("tollgate.revocation_feed.version", () => Observe(f => f.Version), "{version}", "The revocation-feed version this node has applied.");
        meter.CreateObservableGauge("tollgate.revocation_feed.age", () => Observe(f => f.AgeSeconds()), "s", "Seconds since the last complete revocation sync (-1 before the first).");
        meter.CreateObservableGauge("tollgate.revocation_feed.entries", () => Observe(f => (double)f.Count), "{entry}", "Live revocation entries held.");
    }

    public static void Add(RevocationFeed feed)
    {
        AuthorizerMetrics.EnsureCreated();
        lock (Gate) if (Array.IndexOf(_feeds, feed) < 0) _feeds = [.. _feeds, feed];
    }

    public static void Remove(RevocationFeed feed)
    {
        lock (Gate) _feeds = _feeds.Where(f => f != feed).ToArray();
    }

    private static IEnumerable<Measurement<double>> Observe(Func<RevocationFeed, double> value)
    {
        foreach (var feed in Volatile.Read(ref _feeds))
            yield return new Measurement<double>(value(feed), new KeyValuePair<string, object?>("server", feed.ServerLabel));
    }
}
