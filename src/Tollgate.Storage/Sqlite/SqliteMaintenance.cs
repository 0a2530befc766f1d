using Tollgate.Core.Storage;

namespace Tollgate.Storage.Sqlite;

/// <summary>
/// Keeps the SQLite file from growing without bound: expired reference tokens of earlier releases are deleted (in batches,
/// so writers are not blocked long) and the write-ahead log is checkpointed and truncated.
/// </summary>
public sealed class SqliteMaintenance(SqliteDatabase db) : IStorageMaintenance
{
    private const int Batch = 10_000;

    public async Task MaintainAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        int deleted;
        do
        {
            deleted = await db.ExecuteAsync(
                "DELETE FROM opaque_tokens WHERE hash IN (SELECT hash FROM opaque_tokens WHERE expires_at <= $now LIMIT $batch)",
                c => c.With("$now", now.Ms()).With("$batch", Batch), cancellationToken);
        } while (deleted == Batch);
        await db.QueryAsync("PRAGMA wal_checkpoint(TRUNCATE)", _ => { }, r => r.GetInt64(0), cancellationToken);
    }
}
