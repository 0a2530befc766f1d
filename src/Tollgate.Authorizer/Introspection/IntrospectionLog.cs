using Microsoft.Extensions.Logging;

namespace Tollgate.Authorizer.Introspection;

internal static partial class IntrospectionLog
{
    [LoggerMessage(EventId = LogEvents.IntrospectionFailed, Level = LogLevel.Warning, Message = "Introspection at {Endpoint} failed: {Error}")]
    public static partial void Failed(ILogger logger, string endpoint, string error);
}
