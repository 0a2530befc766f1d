using Microsoft.Extensions.Time.Testing;
using Tollgate.Authorizer.RateLimiting;
using Tollgate.Authorizer.Tests.Support;

namespace Tollgate.Authorizer.Tests.RateLimiting;

/// <summary>The token buckets on a fake clock: burst, refusal with the wait, refill, bounds, a clock stepping back.</summary>
public sealed class RequestRateLimiterTests
{
    private readonly FakeTimeProvider _time = new(TestTime.Start);

    [Fact]
    public void TryAcquire_BurstThenRefused_WithTheTimeToTheNextRequest()
    {
        var limiter = new RequestRateLimiter(_time);
        var limit = new RateLimit(RequestsPerSecond: 2, Burst: 3);

        Assert.All(Enumerable.Range(0, 3), _ => Assert.Null(limiter.TryAcquire("a", limit)));
        Assert.Equal(TimeSpan.FromMilliseconds(500), limiter.TryAcquire("a", limit));

        _time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(TimeSpan.FromMilliseconds(300), limiter.TryAcquire("a", limit));
        _time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Null(limiter.TryAcquire("a", limit));
        Assert.Equal(TimeSpan.FromMilliseconds(500), limiter.TryAcquire("a", limit));
    }

    [Fact]
    public void TryAcquire_AfterAQuietSpell_RefillsToTheBurstAndNoMore()
    {
        var limiter = new RequestRateLimiter(_time);
        var limit = new RateLimit(RequestsPerSecond: 10, Burst: 5);
        for (var i = 0; i < 5; i++) limiter.TryAcquire("a", limit);

        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(5, Enumerable.Range(0, 20).Count(_ => limiter.TryAcquire("a", limit) is null));
    }

    [Fact]
    public void TryAcquire_ClientsHaveTheirOwnBuckets()
    {
        var limiter = new RequestRateLimiter(_time);
        var limit = new RateLimit(1, 1);

        Assert.Null(limiter.TryAcquire("a", limit));
        Assert.NotNull(limiter.TryAcquire("a", limit));
        Assert.Null(limiter.TryAcquire("b", limit));
    }

    [Fact]
    public void TryAcquire_ClockStepsBack_WaitsOneIntervalAtMost()
    {
        var limiter = new RequestRateLimiter(_time);
        var limit = new RateLimit(RequestsPerSecond: 1, Burst: 2);
        limiter.TryAcquire("a", limit);
        limiter.TryAcquire("a", limit);

        _time.AdjustTime(_time.GetUtcNow().AddHours(-1));   // the wall clock steps back; timers are not touched

        Assert.Equal(TimeSpan.FromSeconds(1), limiter.TryAcquire("a", limit));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(limiter.TryAcquire("a", limit));
    }

    [Fact]
    public void TryAcquire_PastTheCapacity_ForgetsQuietClientsAndLetsANewOneThroughWhenAllAreBusy()
    {
        var limiter = new RequestRateLimiter(_time, capacity: 2);
        var limit = new RateLimit(RequestsPerSecond: 1, Burst: 1);
        limiter.TryAcquire("a", limit);
        limiter.TryAcquire("b", limit);

        // Both busy: c is let through untracked, every time (fails open), and nobody is forgotten.
        Assert.Null(limiter.TryAcquire("c", limit));
        Assert.Null(limiter.TryAcquire("c", limit));
        Assert.NotNull(limiter.TryAcquire("a", limit));
        Assert.Equal(2, limiter.Tracked);

        // A second later a and b have refilled: forgotten, and c gets a bucket of its own.
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(limiter.TryAcquire("c", limit));
        Assert.NotNull(limiter.TryAcquire("c", limit));
        Assert.Equal(1, limiter.Tracked);
    }

    [Fact]
    public async Task TryAcquire_ManyThreadsAtOnce_LetExactlyTheBurstThrough()
    {
        var limiter = new RequestRateLimiter(_time);
        var limit = new RateLimit(RequestsPerSecond: 1, Burst: 1000);
        var allowed = 0;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
                if (limiter.TryAcquire("a", limit) is null) Interlocked.Increment(ref allowed);
        })));

        Assert.Equal(1000, allowed);
    }
}
