using Microsoft.Extensions.Logging;
using Npgsql;
using Tollgate.Core.Storage;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// The change feed on PostgreSQL: the <c>changes</c> table read by seq, and a connection that
/// LISTENs on the notification channel so a follower wakes within milliseconds of a commit. When
/// that connection drops (database restarted, network), it reconnects with backoff; followers
/// keep polling meanwhile, so nothing depends on a notification arriving.
/// </summary>
public sealed partial class PostgresChangeFeed(PostgresDatabase db, ILogger<PostgresChangeFeed> logger) : IChangeFeed, IAsyncDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task? _listener;
    private readonly Lock _startLock = new();

    public async Task<long> LatestAsync(CancellationToken cancellationToken)
        => (await db.QueryAsync("SELECT COALESCE(MAX(seq), 0) FROM changes", _ => { }, r => r.GetInt64(0), cancellationToken))[0];

    public async Task<IReadOnlyList<Change>?> ListSinceAsync(long since, int limit, CancellationToken cancellationToken)
    {
        // Entries up to purged_through may be gone: a reader behind that point must reload everything.
        var purgedThrough = (await db.QueryAsync("SELECT purged_through FROM change_purges", _ => { }, r => r.GetInt64(0), cancellationToken))[0];
        if (since < purgedThrough) return null;
        return await db.QueryAsync("SELECT seq, entity, entity_id FROM changes WHERE seq > @since ORDER BY seq LIMIT @limit",
            c => c.With("since", since).With("limit", limit), r => new Change(r.GetInt64(0), r.GetString(1), r.GetString(2)), cancellationToken);
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        EnsureListening();
        await _signal.WaitAsync(timeout, cancellationToken);
    }

    public Task PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
        => db.ExecuteAsync(
            "WITH gone AS (DELETE FROM changes WHERE at < @before AND seq < (SELECT MAX(seq) FROM changes) RETURNING seq) " +
            "UPDATE change_purges SET purged_through = GREATEST(purged_through, COALESCE((SELECT MAX(seq) FROM gone), 0))",
            c => c.With("before", before.ToUnixTimeMilliseconds()), cancellationToken);

    private void EnsureListening()
    {
        if (_listener is not null) return;
        lock (_startLock) _listener ??= Task.Run(() => ListenAsync(_stop.Token));
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.OpenDedicatedAsync(stop);
                connection.Notification += (_, _) => Wake();
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresDatabase.Channel}", connection)) await listen.ExecuteNonQueryAsync(stop);
                Wake();   // anything committed while not listening is found by the follower's next read
                backoff = TimeSpan.FromMilliseconds(100);
                while (!stop.IsCancellationRequested) await connection.WaitAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                LogListenLost(logger, backoff.TotalMilliseconds, e.Message);
                try { await Task.Delay(backoff, stop); } catch (OperationCanceledException) { return; }
                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private void Wake()
    {
        try { _signal.Release(); } catch (SemaphoreFullException) { }   // already signalled: one wake-up covers every change so far
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_listener is not null) await _listener;
        _stop.Dispose();
    }

    [LoggerMessage(EventId = LogEvents.ChangeNotificationsLost, Level = LogLevel.Warning, Message = "Change notifications lost ({Reason}); reconnecting in {DelayMs} ms, polling meanwhile")]
    private static partial void LogListenLost(ILogger logger, double delayMs, string reason);
}
