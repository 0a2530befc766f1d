namespace Tollgate.Core.Audit;

/// <summary>
/// One admin change as the caller describes it, handed to the store that writes the change so that
/// both commit in one transaction. <see cref="Before"/> and <see cref="After"/> are redacted JSON
/// (<see cref="AuditSnapshots"/>); null when the resource did not exist before or does not after.
/// </summary>
public sealed record AuditRecord(DateTimeOffset At, string Actor, string? Address, string Action, string ResourceKind, string ResourceId,
    string? Before, string? After);

/// <summary>An audit entry as stored: its place in the chain and the hashes that link it.</summary>
public sealed record AuditEntry(long Id, AuditRecord Record, string PreviousHash, string Hash);

/// <summary>Where the kept chain starts (what the last purge left: the id and hash of the newest purged entry; 0 and <see cref="AuditChain.Genesis"/> before any) and where it ends.</summary>
public sealed record AuditState(long AnchorId, string AnchorHash, long HeadId, string HeadHash);

/// <summary>Which entries a list returns; null fields do not filter. <see cref="To"/> is exclusive.</summary>
public sealed record AuditFilter(string? ResourceKind = null, string? ResourceId = null, string? Actor = null, string? Action = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>Resource kinds of audit entries.</summary>
public static class AuditKinds
{
    public const string Api = "api", Client = "client", Grant = "grant", Policy = "policy", Key = "key", Revocation = "revocation", Audit = "audit";
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Api, Client, Grant, Policy, Key, Revocation, Audit };
}
