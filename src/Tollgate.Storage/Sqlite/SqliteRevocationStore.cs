using Microsoft.Data.Sqlite;
using Tollgate.Core.Revocation;
using Tollgate.Core.Storage;

namespace Tollgate.Storage.Sqlite;

public sealed class SqliteRevocationStore(SqliteDatabase db) : IRevocationStore
{
    private const string Select = "SELECT seq, kind, jti, client_id, audience, issued_until, scopes, expires_at, created_at FROM revocations";

    public async Task<long> AddAsync(Revocation entry, CancellationToken cancellationToken)
        => (await db.QueryAsync(
            "INSERT INTO revocations (kind, jti, client_id, audience, issued_until, scopes, expires_at, created_at) " +
            "VALUES ($kind, $jti, $client, $audience, $until, $scopes, $expires, $created) RETURNING seq",
            c => c.With("$kind", entry.Kind.ToString().ToLowerInvariant()).With("$jti", entry.Jti).With("$client", entry.ClientId)
                .With("$audience", entry.Audience).With("$until", entry.IssuedUntil)
                .With("$scopes", entry.Kind == RevocationKind.Grant ? SqlExtensions.Json(entry.Scopes) : null)
                .With("$expires", entry.ExpiresAt.Ms()).With("$created", entry.CreatedAt.Ms()),
            r => r.GetInt64(0), cancellationToken))[0];

    public async Task<IReadOnlyList<Revocation>> LoadLiveAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => await db.QueryAsync($"{Select} WHERE expires_at > $now ORDER BY seq", c => c.With("$now", now.Ms()), Read, cancellationToken);

    public async Task<IReadOnlyList<Revocation>> ListSinceAsync(long since, int limit, DateTimeOffset now, CancellationToken cancellationToken)
        => await db.QueryAsync($"{Select} WHERE seq > $since AND expires_at > $now ORDER BY seq LIMIT $limit",
            c => c.With("$since", since).With("$now", now.Ms()).With("$limit", limit), Read, cancellationToken);

    public async Task<long> LatestAsync(CancellationToken cancellationToken)
        => (await db.QueryAsync("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'revocations'), 0)", _ => { }, r => r.GetInt64(0), cancellationToken))[0];

    public Task PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => db.ExecuteAsync("DELETE FROM revocations WHERE expires_at <= $now", c => c.With("$now", now.Ms()), cancellationToken);

    private static Revocation Read(SqliteDataReader r) => new()
    {
        Seq = r.GetInt64(0),
        Kind = Enum.Parse<RevocationKind>(r.GetString(1), ignoreCase: true),
        Jti = r.StringOrNull(2),
        ClientId = r.StringOrNull(3),
        Audience = r.StringOrNull(4),
        IssuedUntil = r.IsDBNull(5) ? null : r.GetInt64(5),
        Scopes = r.IsDBNull(6) ? [] : r.FromJson<System.Collections.Immutable.ImmutableArray<string>>(6),
        ExpiresAt = r.Time(7),
        CreatedAt = r.Time(8),
    };
}
