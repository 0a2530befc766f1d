using System.Collections.Concurrent;
using System.Globalization;
using Tollgate.Core.Clients;

namespace Tollgate.Core.Quotas;

/// <summary>The outcome of counting one token against a quota.</summary>
/// <param name="Exhausted">A window was already full before this token.</param>
/// <param name="Counted">The token was counted (always, but for an exhausted quota in enforce mode).</param>
/// <param name="RetryAfterSeconds">When exhausted: until the last full window resets.</param>
public readonly record struct QuotaCount(bool Exhausted, bool Counted, int RetryAfterSeconds, QuotaAllowance Allowance);

/// <summary>
/// Counts tokens per client in fixed UTC windows (the minute, the hour, the day: they reset on the clock's
/// boundaries, like Auth0's hourly and daily quotas), in this node's memory. Only authenticated clients are
/// counted, so the entries are bounded by the registered clients; an entry whose day is over is dropped.
/// </summary>
public sealed class TokenQuotaCounter(TimeProvider time)
{
    private static readonly int[] Windows = [60, 3600, 86400];
    private readonly ConcurrentDictionary<string, Counts> _counts = new(StringComparer.Ordinal);
    private long _nextSweep;

    private sealed class Counts
    {
        public readonly long[] Starts = new long[3];
        public readonly int[] Used = new int[3];
    }

    /// <summary>Counts one token unless <paramref name="take"/> is false (a peek) or the quota is exhausted in enforce mode.</summary>
    public QuotaCount Count(string clientId, TokenQuota quota, bool take = true)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        Sweep(now);
        int?[] limits = [quota.PerMinute, quota.PerHour, quota.PerDay];
        var counts = _counts.GetOrAdd(clientId, _ => new Counts());
        lock (counts)
        {
            var exhausted = false;
            var retryAfter = 0;
            for (var i = 0; i < Windows.Length; i++)
            {
                var start = now - now % Windows[i];
                if (counts.Starts[i] != start) (counts.Starts[i], counts.Used[i]) = (start, 0);
                if (limits[i] is { } limit && counts.Used[i] >= limit)
                {
                    exhausted = true;
                    retryAfter = Math.Max(retryAfter, (int)(start + Windows[i] - now));
                }
            }
            var counted = take && (!exhausted || quota.Mode == QuotaMode.LogOnly);
            if (counted)
                for (var i = 0; i < Windows.Length; i++) counts.Used[i]++;
            return new QuotaCount(exhausted, counted, retryAfter, Allowance(counts, limits, now));
        }
    }

    private static QuotaAllowance Allowance(Counts counts, int?[] limits, long now)
    {
        var tightest = -1;
        var policy = new List<string>();
        for (var i = 0; i < Windows.Length; i++)
        {
            if (limits[i] is not { } limit) continue;
            policy.Add(string.Create(CultureInfo.InvariantCulture, $"{limit};w={Windows[i]}"));
            if (tightest < 0 || limit - counts.Used[i] < limits[tightest]!.Value - counts.Used[tightest]) tightest = i;
        }
        var l = limits[tightest]!.Value;
        return new QuotaAllowance(l, Math.Max(0, l - counts.Used[tightest]), (int)(counts.Starts[tightest] + Windows[tightest] - now), string.Join(", ", policy));
    }

    /// <summary>Once a minute: drops clients not seen this day (a deleted client's counts go with it).</summary>
    private void Sweep(long now)
    {
        var due = Interlocked.Read(ref _nextSweep);
        if (now < due || Interlocked.CompareExchange(ref _nextSweep, now + 60, due) != due) return;
        foreach (var (clientId, counts) in _counts)
        {
            bool stale;
            lock (counts) stale = counts.Starts[2] + Windows[2] <= now;
            if (stale) _counts.TryRemove(clientId, out _);
        }
    }
}
