using Microsoft.Extensions.Logging;

namespace Tollgate.Core.Audit;

/// <summary>
/// Describes admin changes for the stores to append (<see cref="Record"/>), and writes one
/// structured log line per change once it committed (<see cref="Committed"/>): who, from where,
/// what and which resource, never the before/after values, so no secret can reach the log.
/// </summary>
public sealed partial class AuditTrail(TimeProvider time, ILogger<AuditTrail> logger)
{
    public AuditRecord Record(AuditActor actor, string action, string resourceKind, string resourceId, string? before, string? after)
        => new(time.Now(), actor.ClientId, actor.Address, action, resourceKind, resourceId, before, after);

    public void Committed(AuditRecord record)
        => LogChange(logger, record.Action, record.ResourceKind, record.ResourceId, record.Actor, record.Address ?? "");

    [LoggerMessage(EventId = LogEvents.AuditedChange, Level = LogLevel.Information,
        Message = "Audit: {AuditAction} {ResourceKind} {ResourceId} by {Actor} from {Address}")]
    private static partial void LogChange(ILogger logger, string auditAction, string resourceKind, string resourceId, string actor, string address);
}
