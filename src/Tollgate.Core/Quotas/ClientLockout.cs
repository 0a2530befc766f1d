namespace Tollgate.Core.Quotas;

/// <summary>How the failed-authentication lockout behaves (<c>Tollgate:Quotas:Lockout</c>).</summary>
public sealed record LockoutSettings(int Threshold, TimeSpan BaseDelay, TimeSpan MaxDelay, int MaxEntries);

/// <summary>
/// Failed client authentication, per client id and source address: from the <see cref="LockoutSettings.Threshold"/>th
/// <c>invalid_client</c> on, that address is refused for that client id for a period that doubles with each further
/// failure (<see cref="LockoutSettings.BaseDelay"/> up to <see cref="LockoutSettings.MaxDelay"/>). Other addresses are
/// unaffected, so an attacker cannot lock a client out from its own addresses; a success clears the address's record;
/// a record with no failure for twice the longest delay is forgotten. At most <see cref="LockoutSettings.MaxEntries"/>
/// records (the least recently failed forgotten first), in this node's memory.
/// </summary>
public sealed class ClientLockout(LockoutSettings settings, TimeProvider time)
{
    private sealed record State(int Failures, DateTimeOffset LastFailure, DateTimeOffset LockedUntil);

    private readonly BoundedLru<(string ClientId, string Source), State> _states = new(settings.MaxEntries);

    public int Count => _states.Count;

    // A registered client id has at most 128 characters: longer ones (never valid) share one record per address, so a record stays small.
    private static (string, string) Key(string clientId, string source) => (clientId.Length <= 128 ? clientId : "\0too long", source);

    /// <summary>How long this address must still wait for this client id; null when it may try now. Cheap: no hashing.</summary>
    public TimeSpan? LockedFor(string clientId, string source)
    {
        if (!_states.TryGet(Key(clientId, source), out var state)) return null;
        var wait = state.LockedUntil - time.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : null;
    }

    public void Failed(string clientId, string source)
    {
        var now = time.GetUtcNow();
        _states.Update(Key(clientId, source), state =>
        {
            var failures = state is null || now - state.LastFailure > 2 * settings.MaxDelay ? 1 : state.Failures + 1;
            var lockedUntil = failures >= settings.Threshold ? now + Delay(failures - settings.Threshold) : now;
            return new State(failures, now, lockedUntil);
        });
    }

    public void Succeeded(string clientId, string source) => _states.Remove(Key(clientId, source));

    private TimeSpan Delay(int doublings)
        => doublings >= 30 ? settings.MaxDelay : TimeSpan.FromTicks(Math.Min(settings.MaxDelay.Ticks, settings.BaseDelay.Ticks * (1L << doublings)));
}
