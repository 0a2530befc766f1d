using Tollgate.Core.Audit;
using Tollgate.Core.Storage;

namespace Tollgate.Storage.Postgres;

public sealed class PostgresKeyStore(PostgresDatabase db) : IKeyStore
{
    public async Task<IReadOnlyList<StoredKey>> LoadAllAsync(CancellationToken cancellationToken)
        => await db.QueryAsync(
            $"SELECT {Rows.KeyColumns} FROM signing_keys ORDER BY created_at, kid",
            _ => { }, Rows.Key,
            cancellationToken);

    public Task InsertAsync(StoredKey key, AuditRecord? audit, CancellationToken cancellationToken)
        => db.WriteAsync(ChangeEntities.Key, key.Kid, audit,
            "INSERT INTO signing_keys (kid, alg, protected_private_key, created_at, activates_at, retires_at, expires_at) " +
            "VALUES (@kid, @alg, @key, @created, @activates, @retires, @expires)",
            c => c.With("kid", key.Kid).With("alg", key.Alg).With("key", key.ProtectedPrivateKey).With("created", key.CreatedAt.Ms())
                .With("activates", key.ActivatesAt.Ms()).With("retires", key.RetiresAt.Ms()).With("expires", key.ExpiresAt.Ms()),
            cancellationToken);

    public Task UpdateScheduleAsync(string kid, DateTimeOffset? retiresAt, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
        => db.WriteAsync(ChangeEntities.Key, kid, null, "UPDATE signing_keys SET retires_at = @retires, expires_at = @expires WHERE kid = @kid",
            c => c.With("kid", kid).With("retires", retiresAt.Ms()).With("expires", expiresAt.Ms()), cancellationToken);

    public Task DeleteAsync(string kid, CancellationToken cancellationToken)
        => db.WriteAsync(ChangeEntities.Key, kid, null, "DELETE FROM signing_keys WHERE kid = @kid", c => c.With("kid", kid), cancellationToken);
}
