using Microsoft.Data.Sqlite;
using Tollgate.Core.Audit;
using Tollgate.Core.Storage;

namespace Tollgate.Storage.Sqlite;

/// <summary>
/// The audit trail in the SQLite file. Appends run inside the writing store's transaction
/// (<see cref="SqliteDatabase.WriteAsync(AuditRecord?, Func{SqliteConnection, SqliteTransaction, Task{bool}}, CancellationToken)"/>),
/// which SQLite opens IMMEDIATE: one writer at a time, so reading the head and writing after it cannot interleave.
/// </summary>
public sealed class SqliteAuditStore(SqliteDatabase db) : IAuditStore
{
    private const string StateSql = "SELECT anchor_id, anchor_hash, head_id, head_hash FROM audit_state";

    public async Task<Page<AuditEntry>> ListAsync(PageRequest page, AuditFilter filter, CancellationToken cancellationToken)
    {
        var (where, parameters) = AuditRows.Where(filter, PageCursor.Decode(page.Cursor) ?? 0, "$");
        var rows = await db.QueryAsync($"SELECT {AuditRows.Columns} FROM audit_entries WHERE {where} ORDER BY id LIMIT $limit", c =>
        {
            foreach (var (name, value) in parameters) c.With("$" + name, value);
            c.With("$limit", page.Limit + 1);
        }, AuditRows.Entry, cancellationToken);
        return Rows.ToPage(rows, page);
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(long afterId, int limit, CancellationToken cancellationToken)
        => (await db.QueryAsync($"SELECT {AuditRows.Columns} FROM audit_entries WHERE id > $after ORDER BY id LIMIT $limit",
            c => c.With("$after", afterId).With("$limit", limit), AuditRows.Entry, cancellationToken)).Select(r => r.Entry).ToList();

    public async Task<AuditState> StateAsync(CancellationToken cancellationToken)
        => (await db.QueryAsync(StateSql, _ => { }, AuditRows.State, cancellationToken))[0];

    public Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
        => db.InTransactionAsync((connection, tx) => AppendAsync(connection, tx, record, db.Chain, cancellationToken), cancellationToken);

    public Task<int> PurgeAsync(DateTimeOffset before, Func<long, AuditRecord> record, CancellationToken cancellationToken)
        => db.InTransactionAsync(async (connection, tx) =>
        {
            var through = await ScalarAsync(connection, tx, "SELECT MAX(id) FROM audit_entries WHERE at < $before", before.ToUnixTimeMilliseconds(), cancellationToken);
            if (through is not { } id) return 0;
            await using var anchor = connection.Command(
                "UPDATE audit_state SET anchor_id = $id, anchor_hash = (SELECT hash FROM audit_entries WHERE id = $id)", tx).With("$id", id);
            await anchor.ExecuteNonQueryAsync(cancellationToken);
            await using var delete = connection.Command("DELETE FROM audit_entries WHERE id <= $id", tx).With("$id", id);
            var deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
            await AppendAsync(connection, tx, record(id), db.Chain, cancellationToken);
            return deleted;
        }, cancellationToken);

    /// <summary>Appends <paramref name="record"/> after the current head, inside the caller's transaction.</summary>
    internal static async Task<AuditEntry> AppendAsync(SqliteConnection connection, SqliteTransaction tx, AuditRecord record, AuditChain chain,
        CancellationToken cancellationToken)
    {
        AuditState state;
        await using (var read = connection.Command(StateSql, tx))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            state = AuditRows.State(reader);
        }
        var entry = chain.Seal(record, state.HeadId, state.HeadHash);
        await using (var insert = connection.Command(string.Format(System.Globalization.CultureInfo.InvariantCulture, AuditRows.Insert, "$"), tx))
        {
            foreach (var (name, value) in AuditRows.Values(entry)) insert.With("$" + name, value);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var head = connection.Command("UPDATE audit_state SET head_id = $id, head_hash = $hash", tx).With("$id", entry.Id).With("$hash", entry.Hash);
        await head.ExecuteNonQueryAsync(cancellationToken);
        return entry;
    }

    private static async Task<long?> ScalarAsync(SqliteConnection connection, SqliteTransaction tx, string sql, long value, CancellationToken cancellationToken)
    {
        await using var cmd = connection.Command(sql, tx).With("$before", value);
        return await cmd.ExecuteScalarAsync(cancellationToken) is long l ? l : null;
    }
}
