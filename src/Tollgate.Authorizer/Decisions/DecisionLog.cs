using Microsoft.Extensions.Logging;

namespace Tollgate.Authorizer.Decisions;

/// <summary>One line per decision: reason code, principal, method, path, the token's jti. Never the token.</summary>
internal static partial class DecisionLog
{
    [LoggerMessage(EventId = LogEvents.DecisionAllowed, Level = LogLevel.Information,
        Message = "Allow {Reason} principal={Principal} {Method} {Path} jti={Jti}")]
    public static partial void Allowed(ILogger logger, string reason, string? principal, string method, string path, string? jti);

    [LoggerMessage(EventId = LogEvents.DecisionForbidden, Level = LogLevel.Information,
        Message = "Forbidden {Reason} principal={Principal} {Method} {Path} jti={Jti} detail={Detail}")]
    public static partial void Forbidden(ILogger logger, string reason, string? principal, string method, string path, string? jti, string? detail);

    [LoggerMessage(EventId = LogEvents.DecisionUnauthorized, Level = LogLevel.Information,
        Message = "Unauthorized {Reason} principal={Principal} {Method} {Path} jti={Jti} detail={Detail}")]
    public static partial void Unauthorized(ILogger logger, string reason, string? principal, string method, string path, string? jti, string? detail);

    [LoggerMessage(EventId = LogEvents.DecisionTooManyRequests, Level = LogLevel.Information,
        Message = "TooManyRequests {Reason} principal={Principal} {Method} {Path} jti={Jti} retry_after={RetryAfter}")]
    public static partial void TooManyRequests(ILogger logger, string reason, string? principal, string method, string path, string? jti, TimeSpan retryAfter);
}
