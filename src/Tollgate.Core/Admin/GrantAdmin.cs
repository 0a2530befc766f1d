using System.Collections.Immutable;
using Tollgate.Core.Audit;
using Tollgate.Core.Grants;
using Tollgate.Core.Secrets;
using Tollgate.Core.Storage;

namespace Tollgate.Core.Admin;

/// <summary>Client grants: which scopes of which API a client may obtain. A grant's scopes must exist on its API.</summary>
public sealed class GrantAdmin(IGrantStore store, Catalog.Catalog catalog, Revocation.RevocationList revocations, AuditTrail audit, TimeProvider time)
{
    public async Task<AdminResult<Grant>> CreateAsync(GrantDraft draft, AuditActor actor, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        validation.Check(draft.ClientId is not null, "client_id", "is required.");
        validation.Check(draft.Audience is not null, "audience", "is required.");
        validation.Check(draft.Scope is not null, "scope", "is required (a list of the API's scope values).");
        if (!validation.IsValid) return AdminResult<Grant>.Invalid(validation);

        var now = time.Now();
        var grant = new Grant { Id = Ids.New("grt_"), ClientId = draft.ClientId!, Audience = draft.Audience!, Scope = [.. draft.Scope!.Distinct()], CreatedAt = now, UpdatedAt = now };
        Check(grant, validation);
        if (!validation.IsValid) return AdminResult<Grant>.Invalid(validation);

        var record = audit.Record(actor, "grant.create", AuditKinds.Grant, grant.Id, null, AuditSnapshots.Of(grant));
        if (catalog.Current.GrantsOf(grant.ClientId).ContainsKey(grant.Audience) || !await store.InsertAsync(grant, record, cancellationToken))
            return AdminResult<Grant>.Conflict($"Client '{grant.ClientId}' already has a grant for '{grant.Audience}'; update that grant instead.");
        audit.Committed(record);
        catalog.Update(s => s.WithGrant(grant));
        return AdminResult<Grant>.Created(grant);
    }

    public Grant? Find(string id)
        => catalog.Current.GrantsByClient.Values.SelectMany(g => g.Values).FirstOrDefault(g => g.Id == id);

    public Task<Page<Grant>> ListAsync(PageRequest page, string? clientId, string? audience, CancellationToken cancellationToken)
        => store.ListAsync(page, clientId, audience, cancellationToken);

    public async Task<AdminResult<Grant>> UpdateAsync(string id, GrantDraft draft, AuditActor actor, CancellationToken cancellationToken)
    {
        var existing = Find(id);
        if (existing is null) return AdminResult<Grant>.NotFound($"No grant '{id}'.");
        var validation = new Validation();
        if (draft.ClientId is not null && draft.ClientId != existing.ClientId) validation.Add("client_id", "cannot change; create a new grant.");
        if (draft.Audience is not null && draft.Audience != existing.Audience) validation.Add("audience", "cannot change; create a new grant.");
        var grant = existing with { Scope = draft.Scope is null ? existing.Scope : [.. draft.Scope.Distinct()], UpdatedAt = time.Now() };
        Check(grant, validation);
        if (!validation.IsValid) return AdminResult<Grant>.Invalid(validation);
        var record = audit.Record(actor, "grant.update", AuditKinds.Grant, id, AuditSnapshots.Of(existing), AuditSnapshots.Of(grant));
        if (!await store.UpdateAsync(grant, record, cancellationToken)) return AdminResult<Grant>.NotFound($"No grant '{id}'.");
        audit.Committed(record);
        catalog.Update(s => s.WithGrant(grant));
        // Narrowed: tokens already issued with a scope the grant no longer has stop working.
        if (existing.Scope.Any(s => !grant.Scope.Contains(s)))
            await revocations.RevokeGrantAsync(grant.ClientId, grant.Audience, grant.Scope, catalog.Current.LongestTokenLifetime, cancellationToken);
        return AdminResult<Grant>.Ok(grant);
    }

    public async Task<AdminResult<Grant>> DeleteAsync(string id, AuditActor actor, CancellationToken cancellationToken)
    {
        var existing = Find(id);
        if (existing is null) return AdminResult<Grant>.NotFound($"No grant '{id}'.");
        var record = audit.Record(actor, "grant.delete", AuditKinds.Grant, id, AuditSnapshots.Of(existing), null);
        if (!await store.DeleteAsync(id, record, cancellationToken)) return AdminResult<Grant>.NotFound($"No grant '{id}'.");
        audit.Committed(record);
        catalog.Update(s => s.WithoutGrant(existing));
        await revocations.RevokeGrantAsync(existing.ClientId, existing.Audience, [], catalog.Current.LongestTokenLifetime, cancellationToken);
        return AdminResult<Grant>.Ok(existing);
    }

    private void Check(Grant grant, Validation v)
    {
        var snapshot = catalog.Current;
        v.Check(snapshot.FindClient(grant.ClientId) is not null, "client_id", $"no client '{grant.ClientId}'.");
        var api = snapshot.FindApi(grant.Audience);
        if (api is null)
        {
            v.Add("audience", $"no API with identifier '{grant.Audience}'.");
            return;
        }
        var unknown = grant.Scope.Where(s => !api.HasScope(s)).ToArray();
        v.Check(unknown.Length == 0, "scope", $"not defined on '{api.Identifier}': {string.Join(' ', unknown)}.");
    }
}
