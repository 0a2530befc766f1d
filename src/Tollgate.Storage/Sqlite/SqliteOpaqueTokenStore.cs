using Tollgate.Core.Storage;
using Tollgate.Core.Tokens;

namespace Tollgate.Storage.Sqlite;

public sealed class SqliteOpaqueTokenStore(SqliteDatabase db) : IOpaqueTokenStore
{
    public Task InsertAsync(OpaqueTokenRecord token, CancellationToken cancellationToken)
    {
        var c = token.Claims;
        return db.ExecuteAsync(
            "INSERT INTO opaque_tokens (hash, client_id, audience, scope, issuer, jti, issued_at, expires_at) " +
            "VALUES ($hash, $client, $audience, $scope, $issuer, $jti, $iat, $exp)",
            cmd => cmd.With("$hash", token.Hash).With("$client", c.ClientId).With("$audience", c.Audience).With("$scope", c.Scope)
                .With("$issuer", c.Issuer).With("$jti", c.Jti).With("$iat", c.IssuedAt.Ms()).With("$exp", c.ExpiresAt.Ms()),
            cancellationToken);
    }

    public async Task<OpaqueTokenRecord?> FindAsync(byte[] hash, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync(
            "SELECT client_id, audience, scope, issuer, jti, issued_at, expires_at, revoked FROM opaque_tokens WHERE hash = $hash",
            cmd => cmd.With("$hash", hash),
            r => new OpaqueTokenRecord(hash, new AccessTokenClaims(r.GetString(3), r.GetString(0), r.GetString(1), r.GetString(2),
                r.Time(5), r.Time(6), r.GetString(4)), r.GetInt64(7) != 0),
            cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<bool> RevokeAsync(byte[] hash, CancellationToken cancellationToken)
        => await db.ExecuteAsync("UPDATE opaque_tokens SET revoked = 1 WHERE hash = $hash", cmd => cmd.With("$hash", hash), cancellationToken) == 1;
}
