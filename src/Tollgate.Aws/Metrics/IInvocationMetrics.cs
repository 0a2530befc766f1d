namespace Tollgate.Aws.Metrics;

/// <summary>
/// What the runtime loop does with the engine's metrics once an invocation is answered: <see cref="EmfMetrics"/>
/// writes them as CloudWatch Embedded Metric Format lines, <see cref="NoMetrics"/> does nothing (<c>TOLLGATE_METRICS=off</c>).
/// </summary>
public interface IInvocationMetrics : IDisposable
{
    /// <summary>Publishes what was recorded since the last call (this invocation, and init before the first) and starts afresh.</summary>
    void Flush();
}

/// <summary>Nothing listens, so the instruments stay disabled and cost a field read.</summary>
public sealed class NoMetrics : IInvocationMetrics
{
    public static readonly NoMetrics Instance = new();

    private NoMetrics()
    {
    }

    public void Flush()
    {
    }

    public void Dispose()
    {
    }
}

/// <summary>Picks the strategy <c>TOLLGATE_METRICS</c> names.</summary>
public static class InvocationMetrics
{
    public static IInvocationMetrics Create(Configuration.AwsAuthorizerSettings settings, Stream output, TimeProvider time) =>
        settings.Metrics == Configuration.MetricsMode.Off
            ? NoMetrics.Instance
            : EmfMetrics.ToStream(settings.MetricsNamespace, settings.FunctionName, output, time);
}
