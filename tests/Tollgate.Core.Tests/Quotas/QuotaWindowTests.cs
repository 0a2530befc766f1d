using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Clients;
using Tollgate.Core.Quotas;

namespace Tollgate.Core.Tests.Quotas;

/// <summary>The fixed UTC windows' arithmetic: when a full window resets, and how much of it is left.</summary>
public sealed class QuotaWindowTests
{
    [Theory]
    // time of day (UTC), the one limited window → seconds until it resets
    [InlineData("10:00:00", "minute", 60)]
    [InlineData("10:00:59", "minute", 1)]
    [InlineData("10:17:42", "minute", 18)]
    [InlineData("10:00:00", "hour", 3600)]
    [InlineData("10:59:59", "hour", 1)]
    [InlineData("10:17:42", "hour", 42 * 60 + 18)]
    [InlineData("00:00:00", "day", 86400)]
    [InlineData("23:59:59", "day", 1)]
    [InlineData("10:17:42", "day", 13 * 3600 + 42 * 60 + 18)]
    public void Count_FullWindow_RetriesWhenItResets(string timeOfDay, string window, int resetsIn)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero) + TimeSpan.Parse(timeOfDay, System.Globalization.CultureInfo.InvariantCulture));
        var counter = new TokenQuotaCounter(time);
        var quota = window switch
        {
            "minute" => new TokenQuota(1, null, null),
            "hour" => new TokenQuota(null, 1, null),
            _ => new TokenQuota(null, null, 1),
        };

        var first = counter.Count("c", quota);
        Assert.Equal((false, resetsIn), (first.Exhausted, first.Allowance.ResetSeconds));
        var second = counter.Count("c", quota);
        Assert.Equal((true, false, resetsIn), (second.Exhausted, second.Counted, second.RetryAfterSeconds));

        time.Advance(TimeSpan.FromSeconds(resetsIn - 1));
        Assert.True(counter.Count("c", quota).Exhausted, "a second before the boundary the window is still full");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(counter.Count("c", quota).Exhausted, "on the boundary the window starts empty");
    }

    [Fact]
    public void Count_EachClient_HasItsOwnWindows()
    {
        var counter = new TokenQuotaCounter(new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero)));
        var quota = new TokenQuota(1, null, null);
        counter.Count("a", quota);
        Assert.True(counter.Count("a", quota).Exhausted);
        Assert.False(counter.Count("b", quota).Exhausted);
    }
}
