using System.Collections.Concurrent;

namespace Tollgate.Authorizer.RateLimiting;

/// <summary>
/// One token bucket per client id, in this process's memory (so with several nodes each counts on
/// its own: N nodes let a client through up to N times its limit). Each bucket is a single number,
/// its theoretical arrival time (GCRA, the generic cell rate algorithm: the same answers as a token
/// bucket), moved forward by compare-and-swap: no lock on the hot path.
/// <para>
/// Bounded: past <c>capacity</c> tracked clients, buckets that have refilled (their client has been
/// quiet long enough to be forgotten without changing any answer) are dropped, at most once a second;
/// if every bucket is still busy the new client is let through untracked (fails open: this is a
/// traffic guard, not an authorization check). Time is the <see cref="TimeProvider"/>'s wall clock;
/// a clock that steps back leaves no client waiting longer than one interval.
/// </para>
/// </summary>
public sealed class RequestRateLimiter(TimeProvider time, int capacity = RequestRateLimiter.DefaultCapacity)
{
    public const int DefaultCapacity = 100_000;

    private sealed class Bucket
    {
        /// <summary>When the bucket will be full again, in UTC ticks: at or before now, it is full.</summary>
        public long FullAt;
    }

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private int _count;
    private long _lastSweep;

    /// <summary>Clients with a bucket now.</summary>
    public int Tracked => Volatile.Read(ref _count);

    /// <summary>Takes one request from <paramref name="clientId"/>'s bucket.</summary>
    /// <returns>Null when the request may go; else how long until the next one may.</returns>
    public TimeSpan? TryAcquire(string clientId, RateLimit limit)
    {
        var now = time.GetUtcNow().UtcTicks;
        if (BucketFor(clientId, now) is not { } bucket) return null;
        var interval = Math.Max(1L, (long)(TimeSpan.TicksPerSecond / limit.RequestsPerSecond));
        var window = interval * limit.Burst;
        while (true)
        {
            var fullAt = Volatile.Read(ref bucket.FullAt);
            var start = Math.Max(fullAt, now);
            if (start - now > window)
            {
                // Emptier than empty: the clock stepped back, or the burst shrank. Empty it, so nobody waits more than one interval.
                Interlocked.CompareExchange(ref bucket.FullAt, now + window, fullAt);
                return TimeSpan.FromTicks(interval);
            }
            var next = start + interval;
            var wait = next - now - window;
            if (wait > 0) return TimeSpan.FromTicks(wait);
            if (Interlocked.CompareExchange(ref bucket.FullAt, next, fullAt) == fullAt) return null;
        }
    }

    private Bucket? BucketFor(string clientId, long now)
    {
        if (_buckets.TryGetValue(clientId, out var bucket)) return bucket;
        if (Volatile.Read(ref _count) >= capacity && !Sweep(now)) return null;
        var added = new Bucket();
        if (!_buckets.TryAdd(clientId, added)) return _buckets.TryGetValue(clientId, out bucket) ? bucket : null;
        Interlocked.Increment(ref _count);
        return added;
    }

    /// <summary>Drops full buckets; true when there is room afterwards.</summary>
    private bool Sweep(long now)
    {
        var last = Volatile.Read(ref _lastSweep);
        if (now - last >= TimeSpan.TicksPerSecond && Interlocked.CompareExchange(ref _lastSweep, now, last) == last)
        {
            foreach (var (clientId, bucket) in _buckets)
                if (Volatile.Read(ref bucket.FullAt) <= now && _buckets.TryRemove(new KeyValuePair<string, Bucket>(clientId, bucket)))
                    Interlocked.Decrement(ref _count);
        }
        return Volatile.Read(ref _count) < capacity;
    }
}
