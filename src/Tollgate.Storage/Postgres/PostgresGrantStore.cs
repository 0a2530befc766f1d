using System.Collections.Immutable;
using Npgsql;
using Tollgate.Core.Grants;
using Tollgate.Core.Audit;
using Tollgate.Core.Storage;

namespace Tollgate.Storage.Postgres;

public sealed class PostgresGrantStore(PostgresDatabase db) : IGrantStore
{
    private const string Select = $"SELECT {Rows.GrantColumns} FROM grants";

    public async Task<IReadOnlyList<Grant>> LoadAllAsync(CancellationToken cancellationToken)
        => (await db.QueryAsync($"{Select} ORDER BY seq", _ => { }, Rows.Grant, cancellationToken)).Select(r => r.Grant).ToList();

    public async Task<Page<Grant>> ListAsync(PageRequest page, string? clientId, string? audience, CancellationToken cancellationToken)
        => Rows.ToPage(await db.QueryAsync(
            $"{Select} WHERE seq > @after AND (@client IS NULL OR client_id = @client) AND (@audience IS NULL OR audience = @audience) ORDER BY seq LIMIT @limit",
            c => { PgPaging.Bind(c, page); c.With("client", clientId).With("audience", audience); }, Rows.Grant, cancellationToken), page);

    public async Task<Grant?> FindAsync(string id, CancellationToken cancellationToken)
        => (await db.QueryAsync($"{Select} WHERE id = @id", c => c.With("id", id), Rows.Grant, cancellationToken)) is [var row] ? row.Grant : null;

    public Task<bool> InsertAsync(Grant grant, AuditRecord? audit, CancellationToken cancellationToken)
        => db.WriteAsync(ChangeEntities.Grant, grant.Id, audit,
            "INSERT INTO grants (id, client_id, audience, scope, created_at, updated_at) VALUES (@id, @client, @audience, @scope, @created, @updated) " +
            "ON CONFLICT DO NOTHING",
            c => Bind(c, grant).With("created", grant.CreatedAt.Ms()), cancellationToken);

    public Task<bool> UpdateAsync(Grant grant, AuditRecord? audit, CancellationToken cancellationToken)
        => db.WriteAsync(ChangeEntities.Grant, grant.Id, audit, "UPDATE grants SET scope = @scope, updated_at = @updated WHERE id = @id",
            c => Bind(c, grant), cancellationToken);

    public Task<bool> DeleteAsync(string id, AuditRecord? audit, CancellationToken cancellationToken)
        => db.WriteAsync(ChangeEntities.Grant, id, audit, "DELETE FROM grants WHERE id = @id", c => c.With("id", id), cancellationToken);

    private static NpgsqlCommand Bind(NpgsqlCommand cmd, Grant g) => cmd
        .With("id", g.Id).With("client", g.ClientId).With("audience", g.Audience)
        .WithJson("scope", g.Scope).With("updated", g.UpdatedAt.Ms());
}
