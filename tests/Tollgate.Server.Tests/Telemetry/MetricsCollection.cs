namespace Tollgate.Server.Tests.Telemetry;

/// <summary>
/// Meters are process-wide: every OpenTelemetry provider listens to every <c>Tollgate.*</c> meter of the
/// process. Tests that check counter values therefore run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics (not in parallel)";
}
