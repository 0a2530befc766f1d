using Tollgate.Core.Clients;
using Tollgate.Core.Quotas;
using Microsoft.Extensions.Time.Testing;

namespace Tollgate.Core.Tests.Quotas;

public sealed class TokenQuotaCounterTests
{
    // 10:59:30 UTC: 30 s to the minute's end, 30 s to the hour's.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 10, 59, 30, TimeSpan.Zero));

    [Fact]
    public void Count_WindowsResetOnTheClocksBoundaries_AndTheTightestIsReported()
    {
        var counter = new TokenQuotaCounter(_clock);
        var quota = new TokenQuota(PerMinute: 2, PerHour: 3, PerDay: null);

        var first = counter.Count("c", quota);
        Assert.Equal(new QuotaAllowance(2, 1, 30, "2;w=60, 3;w=3600"), first.Allowance);
        Assert.False(counter.Count("c", quota).Exhausted);
        var third = counter.Count("c", quota);
        Assert.Equal((true, false, 30), (third.Exhausted, third.Counted, third.RetryAfterSeconds));

        _clock.Advance(TimeSpan.FromSeconds(30));   // 11:00:00: a new minute and a new hour
        var next = counter.Count("c", quota);
        Assert.Equal((false, true), (next.Exhausted, next.Counted));
        Assert.Equal(new QuotaAllowance(2, 1, 60, "2;w=60, 3;w=3600"), next.Allowance);
    }

    [Fact]
    public void Count_RetryAfter_IsTheLongestFullWindow()
    {
        var counter = new TokenQuotaCounter(_clock);
        var quota = new TokenQuota(PerMinute: 5, PerHour: null, PerDay: 1);
        Assert.False(counter.Count("c", quota).Exhausted);
        var refused = counter.Count("c", quota);
        Assert.True(refused.Exhausted);
        Assert.Equal(13 * 3600 + 30, refused.RetryAfterSeconds);   // to midnight UTC
        Assert.Equal((1, 0), (refused.Allowance.Limit, refused.Allowance.Remaining));
    }

    [Fact]
    public void Count_LogOnly_CountsBeyondTheLimit_AndPeekCountsNothing()
    {
        var counter = new TokenQuotaCounter(_clock);
        var quota = new TokenQuota(1, null, null, QuotaMode.LogOnly);
        counter.Count("c", quota);
        var beyond = counter.Count("c", quota);
        Assert.Equal((true, true, 0), (beyond.Exhausted, beyond.Counted, beyond.Allowance.Remaining));
        Assert.Equal(beyond.Allowance, counter.Count("c", quota, take: false).Allowance);
        Assert.Equal(1, counter.Count("other", quota, take: false).Allowance.Remaining);
    }

    [Theory]
    [InlineData("""{"per_minute":1,"per_hour":2,"per_day":3,"mode":"log-only"}""", 1, 2, 3, QuotaMode.LogOnly)]
    [InlineData("""{"per_day":0}""", null, null, 0, QuotaMode.Enforce)]
    public void Parse_ReadsWhatToJsonWrites(string json, int? minute, int? hour, int? day, QuotaMode mode)
    {
        var errors = new List<string>();
        var quota = TokenQuota.Parse(json, (f, _) => errors.Add(f));
        Assert.Empty(errors);
        Assert.Equal(new TokenQuota(minute, hour, day, mode), quota);
        Assert.Equal(quota, TokenQuota.Parse(quota!.ToJson(), (f, _) => errors.Add(f)));
    }
}
