using Microsoft.Data.Sqlite;
using Tollgate.Core.Audit;
using Tollgate.Core.Revocation;
using Tollgate.Core.Storage;

namespace Tollgate.Storage.Sqlite;

public sealed class SqliteRevocationStore(SqliteDatabase db) : IRevocationStore
{
    private const string Select = $"SELECT {Rows.RevocationColumns} FROM revocations";

    public Task<long> AddAsync(Revocation entry, AuditRecord? audit, CancellationToken cancellationToken)
        => db.InTransactionAsync(async (connection, tx) =>
        {
            await using var insert = connection.Command(
                "INSERT INTO revocations (kind, jti, client_id, audience, issued_until, scopes, expires_at, created_at) " +
                "VALUES ($kind, $jti, $client, $audience, $until, $scopes, $expires, $created) RETURNING seq", tx)
                .With("$kind", entry.Kind.ToString().ToLowerInvariant()).With("$jti", entry.Jti).With("$client", entry.ClientId)
                .With("$audience", entry.Audience).With("$until", entry.IssuedUntil)
                .With("$scopes", entry.Kind == RevocationKind.Grant ? Rows.Json(entry.Scopes) : null)
                .With("$expires", entry.ExpiresAt.Ms()).With("$created", entry.CreatedAt.Ms());
            var seq = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
            if (audit is not null) await SqliteAuditStore.AppendAsync(connection, tx, audit, db.Chain, cancellationToken);
            return seq;
        }, cancellationToken);

    public async Task<IReadOnlyList<Revocation>> LoadLiveAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => await db.QueryAsync($"{Select} WHERE expires_at > $now ORDER BY seq", c => c.With("$now", now.Ms()), Rows.Revocation, cancellationToken);

    public async Task<IReadOnlyList<Revocation>> ListSinceAsync(long since, int limit, DateTimeOffset now, CancellationToken cancellationToken)
        => await db.QueryAsync($"{Select} WHERE seq > $since AND expires_at > $now ORDER BY seq LIMIT $limit",
            c => c.With("$since", since).With("$now", now.Ms()).With("$limit", limit), Rows.Revocation, cancellationToken);

    public async Task<long> LatestAsync(CancellationToken cancellationToken)
        => (await db.QueryAsync("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'revocations'), 0)", _ => { }, r => r.GetInt64(0), cancellationToken))[0];

    public Task PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => db.ExecuteAsync("DELETE FROM revocations WHERE expires_at <= $now", c => c.With("$now", now.Ms()), cancellationToken);
}
