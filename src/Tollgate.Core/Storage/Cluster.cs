namespace Tollgate.Core.Storage;

/// <summary>
/// Mutual exclusion across every node sharing the store (PostgreSQL: an advisory lock held by a
/// connection, released when the holder ends or dies; SQLite: one process, so an in-process lock).
/// </summary>
public interface IClusterLock
{
    /// <summary>Waits until this node holds <paramref name="name"/>; disposing releases it.</summary>
    Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken);
}

/// <summary>Names of the cluster-wide locks.</summary>
public static class ClusterLocks
{
    /// <summary>Start-up's first writes: the admin API, the root client and its grant.</summary>
    public const string Bootstrap = "bootstrap";
    /// <summary>The key schedule: never two current keys for one algorithm.</summary>
    public const string Keys = "keys";
    /// <summary>Purges and maintenance.</summary>
    public const string Housekeeping = "housekeeping";
}

/// <summary>What an admin write changed: the entity and its id, in the order the writes committed.</summary>
public sealed record Change(long Seq, string Entity, string EntityId);

public static class ChangeEntities
{
    public const string Client = "client", Api = "api", Grant = "grant", Key = "key", Policy = "policy";
}

/// <summary>
/// The ordered log of admin writes that several nodes follow to keep their in-memory catalog,
/// keys and revocations current. Gap-safe: an entry is visible only once every entry before it is.
/// </summary>
public interface IChangeFeed
{
    /// <summary>The newest committed change (0 when none): where a node that just loaded everything starts.</summary>
    Task<long> LatestAsync(CancellationToken cancellationToken);

    /// <summary>Changes after <paramref name="since"/>, in order; null when entries after it were already purged (reload everything).</summary>
    Task<IReadOnlyList<Change>?> ListSinceAsync(long since, int limit, CancellationToken cancellationToken);

    /// <summary>Completes when another write may have committed (a notification), or after <paramref name="timeout"/>.</summary>
    Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Forgets changes older than <paramref name="before"/>, always keeping the newest.</summary>
    Task PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}

/// <summary>One process owns the store (SQLite): the lock only orders this process's own work.</summary>
public sealed class InProcessClusterLock : IClusterLock
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
