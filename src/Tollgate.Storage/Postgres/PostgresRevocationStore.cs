using Npgsql;
using Tollgate.Core.Audit;
using Tollgate.Core.Revocation;
using Tollgate.Core.Storage;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// The revocation list. PostgreSQL hands out identity values when a row is inserted, not when it
/// commits, so two writers can commit 8 before 7 and a reader that already went past 8 would
/// never see 7. Writers therefore hold a transaction-scoped advisory lock from taking their seq
/// to committing: entries become visible in seq order, and "everything after N" skips nothing.
/// Revocations are admin actions, rare enough that one at a time costs nothing.
/// </summary>
public sealed class PostgresRevocationStore(PostgresDatabase db) : IRevocationStore
{
    private const string Select = $"SELECT {Rows.RevocationColumns} FROM revocations";

    public Task<long> AddAsync(Revocation entry, AuditRecord? audit, CancellationToken cancellationToken)
        => db.InTransactionAsync(async (connection, tx) =>
        {
            await using (var lockCmd = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PostgresDatabase.RevocationFeedLock})", connection, tx))
                await lockCmd.ExecuteNonQueryAsync(cancellationToken);
            await using var insert = new NpgsqlCommand(
                "INSERT INTO revocations (kind, jti, client_id, audience, issued_until, scopes, expires_at, created_at) " +
                "VALUES (@kind, @jti, @client, @audience, @until, @scopes, @expires, @created) RETURNING seq", connection, tx)
                .With("kind", entry.Kind.ToString().ToLowerInvariant()).With("jti", entry.Jti).With("client", entry.ClientId)
                .With("audience", entry.Audience).With("until", entry.IssuedUntil)
                .WithJson("scopes", entry.Kind == RevocationKind.Grant ? entry.Scopes : null)
                .With("expires", entry.ExpiresAt.Ms()).With("created", entry.CreatedAt.Ms());
            var seq = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
            await using var feed = new NpgsqlCommand($"UPDATE revocation_feed SET latest = @seq; SELECT pg_notify('{PostgresDatabase.Channel}', 'r')", connection, tx).With("seq", seq);
            await feed.ExecuteNonQueryAsync(cancellationToken);
            if (audit is not null) await PostgresAuditStore.AppendAsync(connection, tx, audit, db.Chain, cancellationToken);
            return seq;
        }, cancellationToken);

    public async Task<IReadOnlyList<Revocation>> LoadLiveAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => await db.QueryAsync($"{Select} WHERE expires_at > @now ORDER BY seq", c => c.With("now", now.Ms()), Rows.Revocation, cancellationToken);

    public async Task<IReadOnlyList<Revocation>> ListSinceAsync(long since, int limit, DateTimeOffset now, CancellationToken cancellationToken)
        => await db.QueryAsync($"{Select} WHERE seq > @since AND expires_at > @now ORDER BY seq LIMIT @limit",
            c => c.With("since", since).With("now", now.Ms()).With("limit", limit), Rows.Revocation, cancellationToken);

    public async Task<long> LatestAsync(CancellationToken cancellationToken)
        => (await db.QueryAsync("SELECT latest FROM revocation_feed", _ => { }, r => r.GetInt64(0), cancellationToken))[0];

    public Task PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => db.ExecuteAsync("DELETE FROM revocations WHERE expires_at <= @now", c => c.With("now", now.Ms()), cancellationToken);
}
