using Tollgate.Core.Storage;

namespace Tollgate.Storage.Sqlite;

public sealed class SqliteRevocationStore(SqliteDatabase db) : IRevocationStore
{
    public Task AddAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken)
        => db.ExecuteAsync("INSERT INTO revoked_jtis (jti, expires_at) VALUES ($jti, $exp) ON CONFLICT DO NOTHING",
            c => c.With("$jti", jti).With("$exp", expiresAt.Ms()), cancellationToken);

    public async Task<IReadOnlyList<(string Jti, DateTimeOffset ExpiresAt)>> LoadLiveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.ExecuteAsync("DELETE FROM revoked_jtis WHERE expires_at <= $now", c => c.With("$now", now.Ms()), cancellationToken);
        return await db.QueryAsync("SELECT jti, expires_at FROM revoked_jtis", _ => { }, r => (r.GetString(0), r.Time(1)), cancellationToken);
    }
}
