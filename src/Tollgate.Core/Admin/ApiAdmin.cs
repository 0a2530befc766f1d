using System.Collections.Immutable;
using Tollgate.Core.Apis;
using Tollgate.Core.Audit;
using Tollgate.Core.Secrets;
using Tollgate.Core.Storage;

namespace Tollgate.Core.Admin;

/// <summary>Create, read, update and delete APIs; every change is live in the catalog at once.</summary>
public sealed class ApiAdmin(IApiStore store, Catalog.Catalog catalog, Revocation.RevocationList revocations, AuditTrail audit, TimeProvider time)
{
    public async Task<AdminResult<Api>> CreateAsync(ApiDraft draft, AuditActor actor, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        if (draft.Identifier is null) validation.Add("identifier", "is required.");
        var now = time.Now();
        var api = Apply(new Api { Id = Ids.New("api_"), Identifier = draft.Identifier ?? "", CreatedAt = now, UpdatedAt = now }, draft, validation);
        if (!validation.IsValid) return AdminResult<Api>.Invalid(validation);

        var record = audit.Record(actor, "api.create", AuditKinds.Api, api.Id, null, AuditSnapshots.Of(api));
        if (catalog.Current.FindApi(api.Identifier) is not null || !await store.InsertAsync(api, record, cancellationToken))
            return AdminResult<Api>.Conflict($"An API with identifier '{api.Identifier}' already exists.");
        audit.Committed(record);
        catalog.Update(s => s.WithApi(api));
        return AdminResult<Api>.Created(api);
    }

    /// <summary>Checks a draft's fields as create does, without touching the store (tollgate apply validates a whole file first).</summary>
    public static IReadOnlyDictionary<string, string[]> Check(ApiDraft draft)
    {
        var validation = new Validation();
        if (draft.Identifier is null) validation.Add("identifier", "is required.");
        Apply(new Api { Id = "", Identifier = draft.Identifier ?? "" }, draft, validation);
        return validation.Errors;
    }

    public Api? Find(string idOrIdentifier)
    {
        var snapshot = catalog.Current;
        return snapshot.FindApi(idOrIdentifier) ?? snapshot.ApisByIdentifier.Values.FirstOrDefault(a => a.Id == idOrIdentifier);
    }

    public Task<Page<Api>> ListAsync(PageRequest page, CancellationToken cancellationToken) => store.ListAsync(page, cancellationToken);

    public async Task<AdminResult<Api>> UpdateAsync(string idOrIdentifier, ApiDraft draft, AuditActor actor, CancellationToken cancellationToken)
    {
        var existing = Find(idOrIdentifier);
        if (existing is null) return AdminResult<Api>.NotFound($"No API '{idOrIdentifier}'.");
        if (existing.Identifier == SystemIdentity.AdminAudience) return AdminResult<Api>.Conflict("The admin API is built in and cannot be changed.");

        var validation = new Validation();
        if (draft.Identifier is not null && draft.Identifier != existing.Identifier)
            validation.Add("identifier", "cannot change; create a new API instead.");
        var api = Apply(existing with { UpdatedAt = time.Now() }, draft, validation);
        if (!validation.IsValid) return AdminResult<Api>.Invalid(validation);

        var usedScopes = catalog.Current.GrantsByClient.Values
            .SelectMany(g => g.TryGetValue(api.Identifier, out var grant) ? grant.Scope : [])
            .Where(s => !api.HasScope(s)).Distinct().ToArray();
        if (usedScopes.Length > 0)
            return AdminResult<Api>.Conflict($"Scopes still granted to clients cannot be removed: {string.Join(' ', usedScopes)}. Change those grants first.");

        var record = audit.Record(actor, "api.update", AuditKinds.Api, api.Id, AuditSnapshots.Of(existing), AuditSnapshots.Of(api));
        if (!await store.UpdateAsync(api, record, cancellationToken)) return AdminResult<Api>.NotFound($"No API '{idOrIdentifier}'.");
        audit.Committed(record);
        catalog.Update(s => s.WithApi(api));
        return AdminResult<Api>.Ok(api);
    }

    /// <summary>Replaces the API's route rules (already validated by the caller, which knows the rule format).</summary>
    public async Task<AdminResult<Api>> SetRoutesAsync(string idOrIdentifier, string? routes, AuditActor actor, CancellationToken cancellationToken)
    {
        var existing = Find(idOrIdentifier);
        if (existing is null) return AdminResult<Api>.NotFound($"No API '{idOrIdentifier}'.");
        var api = existing with { Routes = routes, UpdatedAt = time.Now() };
        var record = audit.Record(actor, "api.routes.put", AuditKinds.Api, api.Id, AuditSnapshots.Of(existing), AuditSnapshots.Of(api));
        if (!await store.UpdateAsync(api, record, cancellationToken)) return AdminResult<Api>.NotFound($"No API '{idOrIdentifier}'.");
        audit.Committed(record);
        catalog.Update(s => s.WithApi(api));
        return AdminResult<Api>.Ok(api);
    }

    public async Task<AdminResult<Api>> DeleteAsync(string idOrIdentifier, AuditActor actor, CancellationToken cancellationToken)
    {
        var existing = Find(idOrIdentifier);
        if (existing is null) return AdminResult<Api>.NotFound($"No API '{idOrIdentifier}'.");
        if (existing.Identifier == SystemIdentity.AdminAudience) return AdminResult<Api>.Conflict("The admin API is built in and cannot be deleted.");
        var lifetime = catalog.Current.LongestTokenLifetime;
        var grantees = catalog.Current.GrantsByClient.Where(g => g.Value.ContainsKey(existing.Identifier)).Select(g => g.Key).ToList();
        var record = audit.Record(actor, "api.delete", AuditKinds.Api, existing.Id, AuditSnapshots.Of(existing), null);
        if (!await store.DeleteAsync(existing.Id, record, cancellationToken)) return AdminResult<Api>.NotFound($"No API '{idOrIdentifier}'.");
        audit.Committed(record);
        catalog.Update(s => s.WithoutApi(existing.Identifier));
        foreach (var clientId in grantees) await revocations.RevokeGrantAsync(clientId, existing.Identifier, [], lifetime, cancellationToken);
        return AdminResult<Api>.Ok(existing);
    }

    private static Api Apply(Api api, ApiDraft draft, Validation v)
    {
        if (draft.Identifier is { } identifier)
            v.Check(Rules.IsApiIdentifier(identifier), "identifier", "must be an absolute URI or URN (e.g. https://contacts.example or urn:contacts), at most 512 characters.");
        if (draft.Name is { } name) v.Check(name.Length <= 200, "name", "must be at most 200 characters.");
        if (draft.Scopes is { } scopes)
        {
            v.Check(scopes.Count <= 200, "scopes", "at most 200 scopes.");
            for (var i = 0; i < scopes.Count; i++)
            {
                v.Check(Rules.IsScopeToken(scopes[i].Value ?? ""), $"scopes[{i}].value", "must be 1-128 printable characters without spaces, quotes or backslashes.");
                v.Check((scopes[i].Description?.Length ?? 0) <= 500, $"scopes[{i}].description", "must be at most 500 characters.");
            }
            v.Check(scopes.Select(s => s.Value).Distinct().Count() == scopes.Count, "scopes", "values must be unique.");
        }
        var format = draft.TokenFormat switch
        {
            null => api.TokenFormat,
            "jwt" => TokenFormat.Jwt,
            "opaque" => TokenFormat.Opaque,
            _ => (TokenFormat?)null,
        };
        v.Check(format is not null, "token_format", "must be 'jwt' or 'opaque'.");
        if (draft.SigningAlg is { } alg) v.Check(SigningAlgorithms.Supported.Contains(alg), "signing_alg", "must be one of RS256, ES256, PS256.");
        if (draft.AccessTokenLifetime is { } lifetime)
            v.Check(Rules.IsLifetime(lifetime), "access_token_lifetime", $"must be between 1 and {Rules.MaxLifetimeSeconds} seconds.");

        return api with
        {
            Identifier = draft.Identifier ?? api.Identifier,
            Name = draft.Name ?? api.Name,
            Scopes = draft.Scopes?.ToImmutableArray() ?? api.Scopes,
            TokenFormat = format ?? api.TokenFormat,
            SigningAlg = draft.SigningAlg ?? api.SigningAlg,
            AccessTokenLifetime = draft.AccessTokenLifetime ?? api.AccessTokenLifetime,
            RequireDpop = draft.RequireDpop ?? api.RequireDpop,
        };
    }
}
