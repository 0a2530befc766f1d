using Tollgate.Core.Audit;
using Tollgate.Core.Revocation;
using RevocationEntry = Tollgate.Core.Revocation.Revocation;

namespace Tollgate.Core.Admin;

/// <summary>An explicit revocation as an administrator asks for it; null means "not given".</summary>
public sealed record RevocationDraft(string? Type, string? Jti, string? ClientId, string? Audience, DateTimeOffset? ExpiresAt);

/// <summary>
/// Explicit revocations: one token (by <c>jti</c>, kept until its <c>exp</c>), every token issued to a
/// client so far, or every token issued to a client for one API so far. Audited as the admin's act.
/// </summary>
public sealed class RevocationAdmin(RevocationList revocations, Catalog.Catalog catalog, AuditTrail audit, TimeProvider time)
{
    public async Task<AdminResult<RevocationEntry>> CreateAsync(RevocationDraft draft, AuditActor actor, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var now = time.GetUtcNow();
        RevocationEntry? entry = null;
        switch (draft.Type)
        {
            case "token":
                validation.Check(!string.IsNullOrEmpty(draft.Jti), "jti", "is required for a token revocation.");
                if (draft.ExpiresAt is null) validation.Add("expires_at", "is required for a token revocation: the token's exp, when the entry can go.");
                else validation.Check(draft.ExpiresAt > now, "expires_at", "must be in the future: an expired token needs no revocation.");
                if (validation.IsValid)
                    entry = new RevocationEntry { Kind = RevocationKind.Token, Jti = draft.Jti, ClientId = draft.ClientId, ExpiresAt = draft.ExpiresAt!.Value };
                break;
            case "client" or "grant":
                validation.Check(!string.IsNullOrEmpty(draft.ClientId), "client_id", "is required.");
                if (draft.Type == "grant") validation.Check(!string.IsNullOrEmpty(draft.Audience), "audience", "is required for a grant revocation.");
                if (validation.IsValid)
                    entry = new RevocationEntry
                    {
                        Kind = draft.Type == "client" ? RevocationKind.Client : RevocationKind.Grant,
                        ClientId = draft.ClientId, Audience = draft.Audience, IssuedUntil = now.ToUnixTimeSeconds(),
                        ExpiresAt = now + catalog.Current.LongestTokenLifetime + TimeSpan.FromSeconds(1),
                    };
                break;
            default:
                validation.Add("type", "must be 'token', 'client' or 'grant'.");
                break;
        }
        if (!validation.IsValid) return AdminResult<RevocationEntry>.Invalid(validation);
        // The revocations a client or grant deletion implies are part of that change's entry; this one is its own.
        var record = audit.Record(actor, "revocation.create", AuditKinds.Revocation, entry!.Jti ?? entry.ClientId!, null, AuditSnapshots.Of(entry));
        var stored = await revocations.AddAsync(entry, record, cancellationToken);
        audit.Committed(record);
        return AdminResult<RevocationEntry>.Created(stored);
    }

    public Task<IReadOnlyList<RevocationEntry>> ListSinceAsync(long since, int limit, CancellationToken cancellationToken)
        => revocations.ListSinceAsync(since, limit, cancellationToken);
}
