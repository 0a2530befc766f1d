using Microsoft.Extensions.Logging;

namespace Tollgate.AspNetCore;

internal static partial class TollgateLog
{
    [LoggerMessage(EventId = LogEvents.RulesApplied, Level = LogLevel.Information, Message = "Route rules applied: {Count} rules, version {ETag}")]
    public static partial void RulesApplied(ILogger logger, int count, string etag);

    [LoggerMessage(EventId = LogEvents.RulesPollFailed, Level = LogLevel.Warning, Message = "Route rules poll failed ({Reason}); the last rules stay in force")]
    public static partial void RulesPollFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = LogEvents.SchemeNotReady, Level = LogLevel.Warning, Message = "Scheme {Scheme} started before reaching {Authority} (keys and revocations: {Ready}, rules: {Rules}); refusing until it answers")]
    public static partial void NotReady(ILogger logger, string scheme, string authority, bool ready, bool rules);
}
