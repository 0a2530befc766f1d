using Tollgate.Core.Quotas;
using Microsoft.Extensions.Time.Testing;

namespace Tollgate.Core.Tests.Quotas;

public sealed class ClientLockoutTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));

    private ClientLockout Lockout(int maxEntries = 100)
        => new(new LockoutSettings(Threshold: 3, BaseDelay: TimeSpan.FromSeconds(10), MaxDelay: TimeSpan.FromSeconds(35), maxEntries), _clock);

    [Fact]
    public void Failures_FromTheThreshold_LockForADoublingPeriod_UpToTheCap()
    {
        var lockout = Lockout();
        lockout.Failed("c", "10.0.0.1");
        lockout.Failed("c", "10.0.0.1");
        Assert.Null(lockout.LockedFor("c", "10.0.0.1"));
        var waits = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            lockout.Failed("c", "10.0.0.1");
            var wait = lockout.LockedFor("c", "10.0.0.1")!.Value;
            waits.Add(wait.TotalSeconds);
            _clock.Advance(wait);
            Assert.Null(lockout.LockedFor("c", "10.0.0.1"));
        }
        Assert.Equal([10, 20, 35, 35], waits);
    }

    [Fact]
    public void Lock_IsPerClientAndAddress_AndASuccessClearsIt()
    {
        var lockout = Lockout();
        for (var i = 0; i < 3; i++) lockout.Failed("c", "10.0.0.1");
        Assert.NotNull(lockout.LockedFor("c", "10.0.0.1"));
        Assert.Null(lockout.LockedFor("c", "10.0.0.2"));
        Assert.Null(lockout.LockedFor("other", "10.0.0.1"));

        _clock.Advance(TimeSpan.FromSeconds(10));
        lockout.Succeeded("c", "10.0.0.1");
        lockout.Failed("c", "10.0.0.1");
        Assert.Null(lockout.LockedFor("c", "10.0.0.1"));   // counting starts over
    }

    [Fact]
    public void Failures_AreForgotten_AfterTwiceTheLongestDelay()
    {
        var lockout = Lockout();
        lockout.Failed("c", "10.0.0.1");
        lockout.Failed("c", "10.0.0.1");
        _clock.Advance(TimeSpan.FromSeconds(71));
        lockout.Failed("c", "10.0.0.1");
        Assert.Null(lockout.LockedFor("c", "10.0.0.1"));
    }

    [Fact]
    public void Records_AreBounded_TheLeastRecentlyFailedForgottenFirst()
    {
        var lockout = Lockout(maxEntries: 2);
        for (var i = 0; i < 3; i++) lockout.Failed("a", "10.0.0.1");
        for (var n = 0; n < 50; n++) lockout.Failed("id-" + n, "10.0.0.9");
        lockout.Failed(new string('x', 10_000), "10.0.0.9");
        Assert.Equal(2, lockout.Count);
        Assert.Null(lockout.LockedFor("a", "10.0.0.1"));
    }
}
