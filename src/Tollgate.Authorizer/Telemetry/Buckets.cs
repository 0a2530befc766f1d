namespace Tollgate.Authorizer.Telemetry;

/// <summary>Histogram bucket boundaries for sub-millisecond to second latencies.</summary>
public static class Buckets
{
    public static readonly IReadOnlyList<double> Seconds =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
}
