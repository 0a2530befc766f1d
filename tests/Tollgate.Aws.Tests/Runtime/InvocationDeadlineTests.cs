using Tollgate.Aws.Runtime;

namespace Tollgate.Aws.Tests.Runtime;

public class InvocationDeadlineTests
{
    /// <summary>A clock standing still, whose timers fire only when the test says so.</summary>
    private sealed class StillClock(DateTimeOffset now) : TimeProvider
    {
        public List<(TimeSpan DueTime, TimerCallback Callback, object? State)> Timers { get; } = [];

        public override DateTimeOffset GetUtcNow() => now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Timers.Add((dueTime, callback, state));
            return new NoTimer();
        }

        public void FireAll()
        {
            foreach (var (_, callback, state) in Timers)
            {
                callback(state);
            }
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Deadline_InTwoSeconds_FiresTheMarginBeforeIt()
    {
        var clock = new StillClock(Now);

        using var deadline = new InvocationDeadline(Now.AddSeconds(2), clock, CancellationToken.None);

        var timer = Assert.Single(clock.Timers);
        Assert.Equal(TimeSpan.FromSeconds(2) - InvocationDeadline.Margin, timer.DueTime);
        Assert.False(deadline.Token.IsCancellationRequested);
        clock.FireAll();
        Assert.True(deadline.Token.IsCancellationRequested);
    }

    [Fact]
    public void Deadline_AlreadyPast_IsCancelledAtOnce()
    {
        using var deadline = new InvocationDeadline(Now.AddMilliseconds(50), new StillClock(Now), CancellationToken.None);

        Assert.True(deadline.Token.IsCancellationRequested);
    }

    [Fact]
    public void Deadline_None_NeverFiresOnItsOwn()
    {
        var clock = new StillClock(Now);

        using var deadline = new InvocationDeadline(null, clock, CancellationToken.None);

        Assert.Empty(clock.Timers);
        Assert.False(deadline.Token.IsCancellationRequested);
    }

    [Fact]
    public void Deadline_RuntimeStops_CancelsToo()
    {
        using var stop = new CancellationTokenSource();
        using var deadline = new InvocationDeadline(Now.AddSeconds(30), new StillClock(Now), stop.Token);

        stop.Cancel();

        Assert.True(deadline.Token.IsCancellationRequested);
    }
}
