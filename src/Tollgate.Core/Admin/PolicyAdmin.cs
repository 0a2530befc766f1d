using System.Collections.Immutable;
using System.Text.Json;
using Tollgate.Core.Audit;
using Tollgate.Core.Policies;
using Tollgate.Core.Secrets;
using Tollgate.Core.Storage;

namespace Tollgate.Core.Admin;

/// <summary>
/// Ladon-style policies. Every write is checked whole (fields here, templates and conditions by
/// the engine's <see cref="IPolicyChecker"/>) before anything is stored, and is live in this
/// node's catalog at once and on the other nodes through the change feed.
/// </summary>
public sealed class PolicyAdmin(IPolicyStore store, Catalog.Catalog catalog, IPolicyChecker checker, AuditTrail audit, TimeProvider time)
{
    private const int MaxEntries = 256;

    public async Task<AdminResult<AccessPolicy>> CreateAsync(PolicyDraft draft, AuditActor actor, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        if (draft.Id is not null) validation.Check(Rules.IsSafeId(draft.Id), "id", "must be 1-128 characters of letters, digits, '.', '_', '~' or '-'.");
        validation.Check(draft.Subjects is not null, "subjects", "is required (client ids or templates such as 'svc-<.*>').");
        validation.Check(draft.Actions is not null, "actions", "is required (e.g. [\"read\"]).");
        validation.Check(draft.Resources is not null, "resources", "is required (e.g. [\"resources:orders:<.*>\"]).");
        if (!validation.IsValid) return AdminResult<AccessPolicy>.Invalid(validation);

        var now = time.Now();
        var policy = Apply(new AccessPolicy { Id = draft.Id ?? Ids.New("pol_"), CreatedAt = now }, draft, now, validation);
        if (!validation.IsValid) return AdminResult<AccessPolicy>.Invalid(validation);
        var record = audit.Record(actor, "policy.create", AuditKinds.Policy, policy.Id, null, AuditSnapshots.Of(policy));
        if (catalog.Current.Policies.ContainsKey(policy.Id) || !await store.InsertAsync(policy, record, cancellationToken))
            return AdminResult<AccessPolicy>.Conflict($"A policy '{policy.Id}' already exists; update it instead.");
        audit.Committed(record);
        catalog.Update(s => s.WithPolicy(policy));
        return AdminResult<AccessPolicy>.Created(policy);
    }

    public AccessPolicy? Find(string id) => catalog.Current.Policies.GetValueOrDefault(id);

    public Task<Page<AccessPolicy>> ListAsync(PageRequest page, string? subject, CancellationToken cancellationToken)
        => store.ListAsync(page, subject, cancellationToken);

    public async Task<AdminResult<AccessPolicy>> UpdateAsync(string id, PolicyDraft draft, AuditActor actor, CancellationToken cancellationToken)
    {
        if (Find(id) is not { } existing) return AdminResult<AccessPolicy>.NotFound($"No policy '{id}'.");
        var validation = new Validation();
        if (draft.Id is not null && draft.Id != id) validation.Add("id", "cannot change; create a new policy.");
        var policy = Apply(existing, draft, time.Now(), validation);
        if (!validation.IsValid) return AdminResult<AccessPolicy>.Invalid(validation);
        var record = audit.Record(actor, "policy.update", AuditKinds.Policy, id, AuditSnapshots.Of(existing), AuditSnapshots.Of(policy));
        if (!await store.UpdateAsync(policy, record, cancellationToken)) return AdminResult<AccessPolicy>.NotFound($"No policy '{id}'.");
        audit.Committed(record);
        catalog.Update(s => s.WithPolicy(policy));
        return AdminResult<AccessPolicy>.Ok(policy);
    }

    public async Task<AdminResult<AccessPolicy>> DeleteAsync(string id, AuditActor actor, CancellationToken cancellationToken)
    {
        if (Find(id) is not { } existing) return AdminResult<AccessPolicy>.NotFound($"No policy '{id}'.");
        var record = audit.Record(actor, "policy.delete", AuditKinds.Policy, id, AuditSnapshots.Of(existing), null);
        if (!await store.DeleteAsync(id, record, cancellationToken)) return AdminResult<AccessPolicy>.NotFound($"No policy '{id}'.");
        audit.Committed(record);
        catalog.Update(s => s.WithoutPolicy(id));
        return AdminResult<AccessPolicy>.Ok(existing);
    }

    /// <summary>The draft over <paramref name="policy"/>, with every problem added to <paramref name="v"/>.</summary>
    private AccessPolicy Apply(AccessPolicy policy, PolicyDraft draft, DateTimeOffset now, Validation v)
    {
        var effect = draft.Effect?.ToLowerInvariant() ?? policy.Effect;
        v.Check(effect is AccessPolicy.Allow or AccessPolicy.Deny, "effect", "must be 'allow' or 'deny'.");
        v.Check(draft.Description is not { Length: > 1024 }, "description", "must be at most 1024 characters.");
        if (draft.Conditions is { } conditions) v.Check(IsJsonObject(conditions), "conditions", "must be a JSON object: context key → {\"type\": …, \"options\": {…}}.");
        policy = policy with
        {
            Description = draft.Description ?? policy.Description,
            Subjects = Entries(draft.Subjects, policy.Subjects, "subjects", v),
            Effect = effect,
            Resources = Entries(draft.Resources, policy.Resources, "resources", v),
            Actions = Entries(draft.Actions, policy.Actions, "actions", v),
            Conditions = draft.Conditions ?? policy.Conditions,
            Meta = draft.Meta ?? policy.Meta,
            UpdatedAt = now,
        };
        if (!v.IsValid) return policy;
        foreach (var (field, message) in checker.Check(policy)) v.Add(field, message + ".");
        return policy;
    }

    private static ImmutableArray<string> Entries(IReadOnlyList<string>? given, ImmutableArray<string> current, string field, Validation v)
    {
        if (given is null) return current;
        v.Check(given.Count is > 0 and <= MaxEntries, field, $"must list 1 to {MaxEntries} entries.");
        v.Check(given.All(e => e is { Length: > 0 and <= 1024 }), field, "entries must be non-empty strings of at most 1024 characters.");
        return [.. given.Distinct(StringComparer.Ordinal)];
    }

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
