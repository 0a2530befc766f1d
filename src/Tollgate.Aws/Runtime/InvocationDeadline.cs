namespace Tollgate.Aws.Runtime;

/// <summary>
/// A token that fires <see cref="Margin"/> before the invocation's deadline (so the runtime still has
/// time to post an answer) or when the runtime stops.
/// </summary>
public sealed class InvocationDeadline : IDisposable
{
    public static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(100);

    private readonly CancellationTokenSource timer;
    private readonly CancellationTokenSource linked;

    public InvocationDeadline(DateTimeOffset? deadline, TimeProvider time, CancellationToken stop)
    {
        var budget = deadline is { } d ? d - time.GetUtcNow() - Margin : Timeout.InfiniteTimeSpan;
        timer = budget == Timeout.InfiniteTimeSpan ? new CancellationTokenSource()
            : new CancellationTokenSource(budget > TimeSpan.Zero ? budget : TimeSpan.Zero, time);
        linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, stop);
    }

    public CancellationToken Token => linked.Token;

    public void Dispose()
    {
        linked.Dispose();
        timer.Dispose();
    }
}
