using System.Collections.Immutable;
using Npgsql;
using Tollgate.Core.Apis;
using Tollgate.Core.Storage;

namespace Tollgate.Storage.Postgres;

public sealed class PostgresApiStore(PostgresDatabase db) : IApiStore
{
    private const string Select = "SELECT seq, id, identifier, name, scopes, token_format, signing_alg, access_token_lifetime, created_at, updated_at, routes FROM apis";

    public async Task<IReadOnlyList<Api>> LoadAllAsync(CancellationToken cancellationToken)
        => (await db.QueryAsync($"{Select} ORDER BY seq", _ => { }, Read, cancellationToken)).Select(r => r.Api).ToList();

    public async Task<Page<Api>> ListAsync(PageRequest page, CancellationToken cancellationToken)
        => PgPaging.ToPage(await db.QueryAsync($"{Select} WHERE seq > @after ORDER BY seq LIMIT @limit", c => PgPaging.Bind(c, page), Read, cancellationToken), page);

    public async Task<Api?> FindAsync(string id, CancellationToken cancellationToken)
        => (await db.QueryAsync($"{Select} WHERE id = @id", c => c.With("id", id), Read, cancellationToken)) is [var row] ? row.Api : null;

    public Task<bool> InsertAsync(Api api, CancellationToken cancellationToken)
        => db.WriteAsync(ChangeEntities.Api, api.Id,
            "INSERT INTO apis (id, identifier, name, scopes, token_format, signing_alg, access_token_lifetime, created_at, updated_at, routes) " +
            "VALUES (@id, @identifier, @name, @scopes, @format, @alg, @lifetime, @created, @updated, @routes) ON CONFLICT DO NOTHING",
            c => Bind(c, api).With("created", api.CreatedAt.Ms()), cancellationToken);

    public Task<bool> UpdateAsync(Api api, CancellationToken cancellationToken)
        => db.WriteAsync(ChangeEntities.Api, api.Id,
            "UPDATE apis SET name = @name, scopes = @scopes, token_format = @format, signing_alg = @alg, " +
            "access_token_lifetime = @lifetime, updated_at = @updated, routes = @routes WHERE id = @id AND identifier = @identifier",
            c => Bind(c, api), cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
        => db.WriteAsync(ChangeEntities.Api, id, "DELETE FROM apis WHERE id = @id", c => c.With("id", id), cancellationToken);

    private static NpgsqlCommand Bind(NpgsqlCommand cmd, Api api) => cmd
        .With("id", api.Id).With("identifier", api.Identifier).With("name", api.Name)
        .WithJson("scopes", api.Scopes.Select(s => new StoredScope(s.Value, s.Description)))
        .With("format", api.TokenFormat == TokenFormat.Opaque ? "opaque" : "jwt")
        .With("alg", api.SigningAlg).With("lifetime", api.AccessTokenLifetime).With("updated", api.UpdatedAt.Ms())
        .With("routes", api.Routes);

    private sealed record StoredScope(string Value, string? Description);

    private static (long Seq, Api Api) Read(NpgsqlDataReader r) => (r.GetInt64(0), new Api
    {
        Id = r.GetString(1),
        Identifier = r.GetString(2),
        Name = r.StringOrNull(3),
        Scopes = r.FromJson<StoredScope[]>(4).Select(s => new ApiScope(s.Value, s.Description)).ToImmutableArray(),
        TokenFormat = r.GetString(5) == "opaque" ? TokenFormat.Opaque : TokenFormat.Jwt,
        SigningAlg = r.GetString(6),
        AccessTokenLifetime = r.GetInt32(7),
        CreatedAt = r.Time(8),
        UpdatedAt = r.Time(9),
        Routes = r.StringOrNull(10),
    });
}
