using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using Tollgate.Core.Clients;
using Tollgate.Core.Audit;
using Tollgate.Core.Storage;

namespace Tollgate.Storage.Sqlite;

public sealed class SqliteClientStore(SqliteDatabase db) : IClientStore
{
    private const string Select = $"SELECT {Rows.ClientColumns} FROM clients";

    public async Task<IReadOnlyList<Client>> LoadAllAsync(CancellationToken cancellationToken)
    {
        var clients = await db.QueryAsync($"{Select} ORDER BY seq", _ => { }, Rows.Client, cancellationToken);
        var secrets = (await db.QueryAsync("SELECT client_id, id, hash, created_at, expires_at FROM client_secrets ORDER BY created_at", _ => { },
                r => (ClientId: r.GetString(0), Secret: Rows.Secret(r, 1)), cancellationToken))
            .ToLookup(s => s.ClientId, s => s.Secret);
        return clients.Select(c => c.Client with { Secrets = [.. secrets[c.Client.ClientId]] }).ToList();
    }

    public async Task<Client?> FindAsync(string clientId, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync($"{Select} WHERE client_id = $id", c => c.With("$id", clientId), Rows.Client, cancellationToken);
        if (rows.Count == 0) return null;
        var secrets = await db.QueryAsync("SELECT id, hash, created_at, expires_at FROM client_secrets WHERE client_id = $id ORDER BY created_at", c => c.With("$id", clientId), r => Rows.Secret(r), cancellationToken);
        return rows[0].Client with { Secrets = [.. secrets] };
    }

    public async Task<Page<Client>> ListAsync(PageRequest page, CancellationToken cancellationToken)
        => Rows.ToPage(await db.QueryAsync($"{Select} WHERE seq > $after ORDER BY seq LIMIT $limit", c => Paging.Bind(c, page), Rows.Client, cancellationToken), page);

    public Task<bool> InsertAsync(Client client, AuditRecord? audit, CancellationToken cancellationToken)
        => db.WriteAsync(audit, async (connection, tx) =>
        {
            await using var cmd = connection.Command(
                "INSERT INTO clients (client_id, client_name, token_endpoint_auth_method, grant_types, access_token_lifetime, allowed_origins, " +
                "metadata, allow_introspection, created_at, updated_at, jwks, jwks_uri, dpop_bound_access_tokens, tls_client_auth_field, tls_client_auth_value, " +
                "tls_client_certificate_bound_access_tokens, token_quota) VALUES ($id, $name, $method, $grants, $lifetime, $origins, $metadata, " +
                "$introspect, $created, $updated, $jwks, $jwksUri, $dpop, $tlsField, $tlsValue, $tlsBound, $quota) ON CONFLICT DO NOTHING", tx);
            Bind(cmd, client).With("$created", client.CreatedAt.Ms());
            if (await cmd.ExecuteNonQueryAsync(cancellationToken) != 1) return false;
            await InsertSecrets(connection, tx, client.ClientId, client.Secrets, cancellationToken);
            return true;
        }, cancellationToken);

    public Task ReplaceSecretsAsync(string clientId, IReadOnlyList<ClientSecret> secrets, AuditRecord? audit, CancellationToken cancellationToken)
        => db.WriteAsync(audit, async (connection, tx) =>
        {
            await using var delete = connection.Command("DELETE FROM client_secrets WHERE client_id = $cid", tx).With("$cid", clientId);
            await delete.ExecuteNonQueryAsync(cancellationToken);
            await InsertSecrets(connection, tx, clientId, secrets, cancellationToken);
            return true;
        }, cancellationToken);

    private static async Task InsertSecrets(SqliteConnection connection, SqliteTransaction tx, string clientId, IEnumerable<ClientSecret> secrets,
        CancellationToken cancellationToken)
    {
        foreach (var secret in secrets)
        {
            await using var insert = connection.Command(
                "INSERT INTO client_secrets (id, client_id, hash, created_at, expires_at) VALUES ($sid, $cid, $hash, $created, $expires)", tx)
                .With("$sid", secret.Id).With("$cid", clientId).With("$hash", secret.Hash)
                .With("$created", secret.CreatedAt.Ms()).With("$expires", secret.ExpiresAt.Ms());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public Task<bool> UpdateAsync(Client client, AuditRecord? audit, CancellationToken cancellationToken)
        => db.WriteAsync(audit, 
            "UPDATE clients SET client_name = $name, token_endpoint_auth_method = $method, grant_types = $grants, access_token_lifetime = $lifetime, " +
            "allowed_origins = $origins, metadata = $metadata, allow_introspection = $introspect, updated_at = $updated, jwks = $jwks, jwks_uri = $jwksUri, dpop_bound_access_tokens = $dpop, " +
            "tls_client_auth_field = $tlsField, tls_client_auth_value = $tlsValue, tls_client_certificate_bound_access_tokens = $tlsBound, token_quota = $quota " +
            "WHERE client_id = $id",
            c => Bind(c, client), cancellationToken);

    public Task<bool> DeleteAsync(string clientId, AuditRecord? audit, CancellationToken cancellationToken)
        => db.WriteAsync(audit, "DELETE FROM clients WHERE client_id = $id", c => c.With("$id", clientId), cancellationToken);

    private static SqliteCommand Bind(SqliteCommand cmd, Client c) => cmd
        .With("$id", c.ClientId).With("$name", c.ClientName).With("$method", c.TokenEndpointAuthMethod)
        .With("$grants", Rows.Json(c.GrantTypes)).With("$lifetime", c.AccessTokenLifetime)
        .With("$origins", Rows.Json(c.AllowedOrigins)).With("$metadata", c.Metadata)
        .With("$introspect", c.AllowIntrospection ? 1 : 0).With("$updated", c.UpdatedAt.Ms())
        .With("$jwks", c.Jwks).With("$jwksUri", c.JwksUri).With("$dpop", c.DpopBoundAccessTokens ? 1 : 0)
        .With("$tlsField", c.TlsClientAuth?.Field).With("$tlsValue", c.TlsClientAuth?.Value).With("$tlsBound", c.TlsClientCertificateBoundAccessTokens ? 1 : 0)
        .With("$quota", Rows.QuotaJson(c));
}
