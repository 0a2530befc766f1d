using Tollgate.Core.Storage;
using Tollgate.Core.Tokens;

namespace Tollgate.Storage.Sqlite;

/// <summary>Reads the <c>opaque_tokens</c> rows that releases before sealed tokens wrote.</summary>
public sealed class SqliteReferenceTokenStore(SqliteDatabase db) : IReferenceTokenStore
{
    public async Task<DateTimeOffset?> LatestExpiryAsync(CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync("SELECT MAX(expires_at) FROM opaque_tokens", _ => { },
            r => r.TimeOrNull(0), cancellationToken);
        return rows[0];
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
}
