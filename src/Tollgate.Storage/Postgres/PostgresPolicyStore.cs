using System.Collections.Immutable;
using Npgsql;
using Tollgate.Core.Policies;
using Tollgate.Core.Audit;
using Tollgate.Core.Storage;

namespace Tollgate.Storage.Postgres;

public sealed class PostgresPolicyStore(PostgresDatabase db) : IPolicyStore
{
    private const string Select = $"SELECT {Rows.PolicyColumns} FROM policies";

    public async Task<IReadOnlyList<AccessPolicy>> LoadAllAsync(CancellationToken cancellationToken)
        => (await db.QueryAsync($"{Select} ORDER BY seq", _ => { }, Rows.Policy, cancellationToken)).Select(r => r.Policy).ToList();

    public async Task<AccessPolicy?> FindAsync(string id, CancellationToken cancellationToken)
        => (await db.QueryAsync($"{Select} WHERE id = @id", c => c.With("id", id), Rows.Policy, cancellationToken)) is [var row] ? row.Policy : null;

    public async Task<Page<AccessPolicy>> ListAsync(PageRequest page, string? subject, CancellationToken cancellationToken)
        => Rows.ToPage(await db.QueryAsync(
            $"{Select} WHERE seq > @after AND (@subject::jsonb IS NULL OR subjects @> @subject::jsonb) ORDER BY seq LIMIT @limit",
            c => { PgPaging.Bind(c, page); c.WithJson("subject", subject is null ? null : ImmutableArray.Create(subject)); }, Rows.Policy, cancellationToken), page);

    public Task<bool> InsertAsync(AccessPolicy policy, AuditRecord? audit, CancellationToken cancellationToken)
        => db.WriteAsync(ChangeEntities.Policy, policy.Id, audit,
            "INSERT INTO policies (id, description, subjects, effect, resources, actions, conditions, meta, created_at, updated_at) " +
            "VALUES (@id, @description, @subjects, @effect, @resources, @actions, @conditions, @meta, @created, @updated) ON CONFLICT DO NOTHING",
            c => Bind(c, policy).With("created", policy.CreatedAt.Ms()), cancellationToken);

    public Task<bool> UpdateAsync(AccessPolicy policy, AuditRecord? audit, CancellationToken cancellationToken)
        => db.WriteAsync(ChangeEntities.Policy, policy.Id, audit,
            "UPDATE policies SET description = @description, subjects = @subjects, effect = @effect, resources = @resources, actions = @actions, " +
            "conditions = @conditions, meta = @meta, updated_at = @updated WHERE id = @id",
            c => Bind(c, policy), cancellationToken);

    public Task<bool> DeleteAsync(string id, AuditRecord? audit, CancellationToken cancellationToken)
        => db.WriteAsync(ChangeEntities.Policy, id, audit, "DELETE FROM policies WHERE id = @id", c => c.With("id", id), cancellationToken);

    private static NpgsqlCommand Bind(NpgsqlCommand cmd, AccessPolicy p) => cmd
        .With("id", p.Id).With("description", p.Description).WithJson("subjects", p.Subjects).With("effect", p.Effect)
        .WithJson("resources", p.Resources).WithJson("actions", p.Actions)
        .WithJsonText("conditions", p.Conditions).WithJsonText("meta", p.Meta).With("updated", p.UpdatedAt.Ms());
}
