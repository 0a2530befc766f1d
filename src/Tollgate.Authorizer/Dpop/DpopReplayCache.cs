using System.Collections.Concurrent;

namespace Tollgate.Authorizer.Dpop;

/// <summary>
/// The proofs an authorizer has seen, each until it could no longer pass the <c>iat</c> window
/// (<see cref="DpopProof.ReplayUntil"/>): bounded in time by that, and in memory by a capacity.
/// Expired entries are purged as new ones come; when the cache is full of live entries a new
/// proof is refused (fails closed) rather than forgetting one that could still be replayed.
/// One cache per process: several authorizer instances each keep their own (a proof is made for
/// one request to one URL, so a replay to another node is a replay to the same gateway only when
/// the gateway balances across nodes; docs/dpop.md).
/// </summary>
public sealed class DpopReplayCache(int capacity, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);
    private readonly Lock _purge = new();
    private long _nextPurge;

    public int Count => _seen.Count;

    /// <summary>Records the proof; false when it was seen before, or the cache is full of live proofs.</summary>
    public bool TryUse(DpopProof proof)
    {
        var now = time.GetUtcNow().UtcTicks;
        if (now >= Volatile.Read(ref _nextPurge) || _seen.Count >= capacity) Purge(now);
        if (_seen.Count >= capacity) return false;
        var until = proof.ReplayUntil.UtcTicks;
        if (_seen.TryAdd(proof.ReplayKey, until)) return true;
        // Seen: a replay unless the entry has expired (then the proof's iat is out of the window anyway).
        return false;
    }

    private void Purge(long now)
    {
        lock (_purge)
        {
            if (now < _nextPurge && _seen.Count < capacity) return;
            foreach (var (key, until) in _seen)
                if (until <= now) _seen.TryRemove(key, out _);
            _nextPurge = now + TimeSpan.TicksPerSecond;
        }
    }
}
