using Microsoft.Extensions.Time.Testing;
using Tollgate.Aws.Runtime;

namespace Tollgate.Aws.Tests.Runtime;

public class InvocationDeadlineTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Deadline_InTwoSeconds_FiresTheMarginBeforeIt()
    {
        var clock = new FakeTimeProvider(Now);

        using var deadline = new InvocationDeadline(Now.AddSeconds(2), clock, CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(2) - InvocationDeadline.Margin - TimeSpan.FromMilliseconds(1));
        Assert.False(deadline.Token.IsCancellationRequested);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(deadline.Token.IsCancellationRequested);
    }

    [Fact]
    public void Deadline_AlreadyPast_IsCancelledAtOnce()
    {
        using var deadline = new InvocationDeadline(Now.AddMilliseconds(50), new FakeTimeProvider(Now), CancellationToken.None);

        Assert.True(deadline.Token.IsCancellationRequested);
    }

    [Fact]
    public void Deadline_None_NeverFiresOnItsOwn()
    {
        var clock = new FakeTimeProvider(Now);

        using var deadline = new InvocationDeadline(null, clock, CancellationToken.None);

        clock.Advance(TimeSpan.FromDays(1));
        Assert.False(deadline.Token.IsCancellationRequested);
    }

    [Fact]
    public void Deadline_RuntimeStops_CancelsToo()
    {
        using var stop = new CancellationTokenSource();
        using var deadline = new InvocationDeadline(Now.AddSeconds(30), new FakeTimeProvider(Now), stop.Token);

        stop.Cancel();

        Assert.True(deadline.Token.IsCancellationRequested);
    }
}
