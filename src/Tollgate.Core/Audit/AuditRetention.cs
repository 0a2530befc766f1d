using System.Text.Json.Nodes;

namespace Tollgate.Core.Audit;

/// <summary>
/// Purges entries older than <see cref="Retention"/> (zero keeps them forever), run by housekeeping
/// on one node at a time. The chain stays verifiable: the newest purged entry's id and hash become
/// the anchor the kept chain starts from, and the purge itself is an entry in the chain
/// (<c>audit.purge</c>), so an anchor moved by hand does not match the last recorded purge.
/// </summary>
public sealed class AuditRetention(IAuditStore store, AuditTrail trail, TimeSpan retention, TimeProvider time)
{
    public const string PurgeAction = "audit.purge";

    public TimeSpan Retention => retention;

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        if (retention <= TimeSpan.Zero) return 0;
        var before = time.GetUtcNow() - retention;
        return await store.PurgeAsync(before, throughId => trail.Record(AuditActor.System, PurgeAction, AuditKinds.Audit, "retention", null,
            AuditSnapshots.Of(new JsonObject { ["purged_through"] = throughId, ["older_than"] = before })), cancellationToken);
    }
}
