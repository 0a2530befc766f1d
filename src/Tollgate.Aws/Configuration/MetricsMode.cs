namespace Tollgate.Aws.Configuration;

/// <summary><c>TOLLGATE_METRICS</c>: how the Lambda authorizer publishes the engine's metrics.</summary>
public enum MetricsMode
{
    /// <summary>One CloudWatch Embedded Metric Format line per invocation on stdout (CloudWatch Logs extracts the metrics).</summary>
    Emf,
    /// <summary>Nothing listens to the meter: no lines, no cost.</summary>
    Off,
}
