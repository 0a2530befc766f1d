using System.Diagnostics;
using System.Diagnostics.Metrics;
using Tollgate.Authorizer.Decisions;

namespace Tollgate.Authorizer.Telemetry;

/// <summary>
/// The decision engine's instruments, on the meter <c>Tollgate.Authorizer</c> (System.Diagnostics.Metrics only:
/// hosts choose the exporter; OpenTelemetry in <c>serve</c> and <c>gateway</c>, CloudWatch EMF in Lambda).
/// With nothing listening an instrument costs one field read. Labels are bounded: decision kind and
/// reason code, fetch result, the configured feed's server.
/// </summary>
public static class AuthorizerMetrics
{
    public const string MeterName = "Tollgate.Authorizer";

    public static readonly Meter Meter = new(MeterName);

    /// <summary><c>tollgate.decisions</c> {kind, reason}.</summary>
    public static readonly Counter<long> Decisions = Meter.CreateCounter<long>("tollgate.decisions", "{decision}", "Authorization decisions by kind and reason code.");

    /// <summary><c>tollgate.decision.duration</c> in seconds.</summary>
    public static readonly Histogram<double> DecisionDuration = Meter.CreateHistogram("tollgate.decision.duration", "s", "Time to decide one request, token validation included.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets.Seconds });

    /// <summary><c>tollgate.jwks.refreshes</c> {result: success|failure}.</summary>
    public static readonly Counter<long> JwksRefreshes = Meter.CreateCounter<long>("tollgate.jwks.refreshes", "{fetch}", "JWKS fetches by result.");

    /// <summary><c>tollgate.introspection.calls</c> {result: active|inactive|failure}: calls to the server's introspection endpoint (cache misses).</summary>
    public static readonly Counter<long> IntrospectionCalls = Meter.CreateCounter<long>("tollgate.introspection.calls", "{call}", "Introspection calls to the server by result.");

    private static readonly KeyValuePair<string, object?>[] Success = [new("result", "success")];
    private static readonly KeyValuePair<string, object?>[] Failure = [new("result", "failure")];
    private static readonly KeyValuePair<string, object?>[] Active = [new("result", "active")];
    private static readonly KeyValuePair<string, object?>[] Inactive = [new("result", "inactive")];

    static AuthorizerMetrics() => FeedGauges.Register(Meter);

    /// <summary>Runs the static constructor, so the feed gauges exist once a feed does.</summary>
    internal static void EnsureCreated() { }

    /// <summary>A start timestamp when durations are being recorded, else 0 (then <see cref="RecordDecision"/> skips the clock).</summary>
    public static long StartTiming() => DecisionDuration.Enabled ? Stopwatch.GetTimestamp() : 0;

    public static Decision RecordDecision(Decision decision, long started)
    {
        if (Decisions.Enabled) Decisions.Add(1, DecisionTags.For(decision.Kind, decision.Reason));
        if (started != 0) DecisionDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return decision;
    }

    public static void JwksFetched(bool succeeded) => JwksRefreshes.Add(1, succeeded ? Success : Failure);

    public static void IntrospectionCalled(bool? active) => IntrospectionCalls.Add(1, active switch { true => Active, false => Inactive, null => Failure });
}
