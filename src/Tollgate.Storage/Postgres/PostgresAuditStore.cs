using Npgsql;
using Tollgate.Core.Audit;
using Tollgate.Core.Storage;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// The audit trail on PostgreSQL, shared by every node. An append locks the <c>audit_state</c> row
/// (SELECT … FOR UPDATE) inside the writing store's transaction and holds it until that commits:
/// writers on every node queue there, each reads the head the previous one committed, and the
/// chain stays one chain with consecutive ids.
/// </summary>
public sealed class PostgresAuditStore(PostgresDatabase db) : IAuditStore
{
    private const string StateSql = "SELECT anchor_id, anchor_hash, head_id, head_hash FROM audit_state";

    public async Task<Page<AuditEntry>> ListAsync(PageRequest page, AuditFilter filter, CancellationToken cancellationToken)
    {
        var (where, parameters) = AuditRows.Where(filter, PageCursor.Decode(page.Cursor) ?? 0, "@");
        var rows = await db.QueryAsync($"SELECT {AuditRows.Columns} FROM audit_entries WHERE {where} ORDER BY id LIMIT @limit", c =>
        {
            foreach (var (name, value) in parameters) Bind(c, name, value);
            c.With("limit", page.Limit + 1);
        }, AuditRows.Entry, cancellationToken);
        return Rows.ToPage(rows, page);
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(long afterId, int limit, CancellationToken cancellationToken)
        => (await db.QueryAsync($"SELECT {AuditRows.Columns} FROM audit_entries WHERE id > @after ORDER BY id LIMIT @limit",
            c => c.With("after", afterId).With("limit", limit), AuditRows.Entry, cancellationToken)).Select(r => r.Entry).ToList();

    public async Task<AuditState> StateAsync(CancellationToken cancellationToken)
        => (await db.QueryAsync(StateSql, _ => { }, AuditRows.State, cancellationToken))[0];

    public Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
        => db.InTransactionAsync((connection, tx) => AppendAsync(connection, tx, record, db.Chain, cancellationToken), cancellationToken);

    public Task<int> PurgeAsync(DateTimeOffset before, Func<long, AuditRecord> record, CancellationToken cancellationToken)
        => db.InTransactionAsync(async (connection, tx) =>
        {
            await using (var lockState = new NpgsqlCommand(StateSql + " FOR UPDATE", connection, tx)) await lockState.ExecuteNonQueryAsync(cancellationToken);
            await using var find = new NpgsqlCommand("SELECT MAX(id) FROM audit_entries WHERE at < @before", connection, tx).With("before", before.ToUnixTimeMilliseconds());
            if (await find.ExecuteScalarAsync(cancellationToken) is not long id) return 0;
            await using var anchor = new NpgsqlCommand(
                "UPDATE audit_state SET anchor_id = @id, anchor_hash = (SELECT hash FROM audit_entries WHERE id = @id)", connection, tx).With("id", id);
            await anchor.ExecuteNonQueryAsync(cancellationToken);
            await using var delete = new NpgsqlCommand("DELETE FROM audit_entries WHERE id <= @id", connection, tx).With("id", id);
            var deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
            await AppendAsync(connection, tx, record(id), db.Chain, cancellationToken);
            return deleted;
        }, cancellationToken);

    /// <summary>Appends <paramref name="record"/> after the current head, inside the caller's transaction, holding the head's row lock until it commits.</summary>
    internal static async Task<AuditEntry> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction tx, AuditRecord record, AuditChain chain,
        CancellationToken cancellationToken)
    {
        AuditState state;
        await using (var read = new NpgsqlCommand(StateSql + " FOR UPDATE", connection, tx))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            state = AuditRows.State(reader);
        }
        var entry = chain.Seal(record, state.HeadId, state.HeadHash);
        await using (var insert = new NpgsqlCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, AuditRows.Insert, "@"), connection, tx))
        {
            foreach (var (name, value) in AuditRows.Values(entry)) Bind(insert, name, value);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var head = new NpgsqlCommand("UPDATE audit_state SET head_id = @id, head_hash = @hash", connection, tx).With("id", entry.Id).With("hash", entry.Hash);
        await head.ExecuteNonQueryAsync(cancellationToken);
        return entry;
    }

    private static void Bind(NpgsqlCommand cmd, string name, object? value)
    {
        if (value is long l) cmd.With(name, l);
        else cmd.With(name, (string?)value);
    }
}
