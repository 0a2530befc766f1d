using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using Tollgate.Core.Apis;
using Tollgate.Core.Audit;
using Tollgate.Core.Storage;

namespace Tollgate.Storage.Sqlite;

public sealed class SqliteApiStore(SqliteDatabase db) : IApiStore
{
    private const string Select = $"SELECT {Rows.ApiColumns} FROM apis";

    public async Task<IReadOnlyList<Api>> LoadAllAsync(CancellationToken cancellationToken)
        => (await db.QueryAsync($"{Select} ORDER BY seq", _ => { }, Rows.Api, cancellationToken)).Select(r => r.Api).ToList();

    public async Task<Api?> FindAsync(string id, CancellationToken cancellationToken)
        => (await db.QueryAsync($"{Select} WHERE id = $id", c => c.With("$id", id), Rows.Api, cancellationToken)) is [var row] ? row.Api : null;

    public async Task<Page<Api>> ListAsync(PageRequest page, CancellationToken cancellationToken)
        => Rows.ToPage(await db.QueryAsync($"{Select} WHERE seq > $after ORDER BY seq LIMIT $limit", c => Paging.Bind(c, page), Rows.Api, cancellationToken), page);

    public Task<bool> InsertAsync(Api api, AuditRecord? audit, CancellationToken cancellationToken)
        => db.WriteAsync(audit, 
            "INSERT INTO apis (id, identifier, name, scopes, token_format, signing_alg, access_token_lifetime, created_at, updated_at, routes, require_dpop) " +
            "VALUES ($id, $identifier, $name, $scopes, $format, $alg, $lifetime, $created, $updated, $routes, $requireDpop) ON CONFLICT DO NOTHING",
            c => Bind(c, api).With("$created", api.CreatedAt.Ms()), cancellationToken);

    public Task<bool> UpdateAsync(Api api, AuditRecord? audit, CancellationToken cancellationToken)
        => db.WriteAsync(audit, 
            "UPDATE apis SET name = $name, scopes = $scopes, token_format = $format, signing_alg = $alg, " +
            "access_token_lifetime = $lifetime, updated_at = $updated, routes = $routes, require_dpop = $requireDpop WHERE id = $id AND identifier = $identifier",
            c => Bind(c, api), cancellationToken);

    public Task<bool> DeleteAsync(string id, AuditRecord? audit, CancellationToken cancellationToken)
        => db.WriteAsync(audit, "DELETE FROM apis WHERE id = $id", c => c.With("$id", id), cancellationToken);

    private static SqliteCommand Bind(SqliteCommand cmd, Api api) => cmd
        .With("$id", api.Id).With("$identifier", api.Identifier).With("$name", api.Name)
        .With("$scopes", Rows.ScopesJson(api))
        .With("$format", Rows.FormatName(api.TokenFormat))
        .With("$alg", api.SigningAlg).With("$lifetime", api.AccessTokenLifetime).With("$updated", api.UpdatedAt.Ms())
        .With("$routes", api.Routes).With("$requireDpop", api.RequireDpop ? 1 : 0);
}
