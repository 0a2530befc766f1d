using Tollgate.Core.Storage;

namespace Tollgate.Storage.Postgres;

/// <summary>Used assertion ids in the shared database: a jti used on one node is refused on every other.</summary>
public sealed class PostgresAssertionReplayStore(PostgresDatabase db) : IAssertionReplayStore
{
    public async Task<bool> TryUseAsync(string clientId, string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken)
        => await db.ExecuteAsync("INSERT INTO used_assertions (client_id, jti, expires_at) VALUES (@client, @jti, @exp) ON CONFLICT DO NOTHING",
            c => c.With("client", clientId).With("jti", jti).With("exp", expiresAt.Ms()), cancellationToken) == 1;

    public Task PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => db.ExecuteAsync("DELETE FROM used_assertions WHERE expires_at <= @now", c => c.With("now", now.Ms()), cancellationToken);
}
