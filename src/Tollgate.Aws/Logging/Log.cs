using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Decisions;
using Tollgate.Aws.Events;

namespace Tollgate.Aws.Logging;

/// <summary>Every log line the adapter writes. None carries a token, a cookie or a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEvents.Decision, EventName = "Decision", Level = LogLevel.Information,
        Message = "[{RequestId}] {Kind} ({Reason}) {Method} {Path} for {Principal} (jti {Jti}) via {EventKind} in {ElapsedMs} ms")]
    public static partial void Decision(ILogger logger, string? requestId, DecisionKind kind, string reason, EventKind eventKind,
        string method, string path, string? principal, string? jti, double elapsedMs);

    [LoggerMessage(EventId = LogEvents.InvalidEvent, EventName = "InvalidEvent", Level = LogLevel.Warning,
        Message = "[{RequestId}] Invalid authorizer event: {Problem}")]
    public static partial void InvalidEvent(ILogger logger, string? requestId, string problem);

    [LoggerMessage(EventId = LogEvents.InvocationFailed, EventName = "InvocationFailed", Level = LogLevel.Error,
        Message = "[{RequestId}] The invocation failed; answered with a generic error")]
    public static partial void InvocationFailed(ILogger logger, string? requestId, Exception exception);

    [LoggerMessage(EventId = LogEvents.DeadlineExceeded, EventName = "DeadlineExceeded", Level = LogLevel.Warning,
        Message = "[{RequestId}] No decision before the invocation deadline; answered with a timeout error")]
    public static partial void DeadlineExceeded(ILogger logger, string? requestId);

    [LoggerMessage(EventId = LogEvents.InvalidConfiguration, EventName = "InvalidConfiguration", Level = LogLevel.Critical,
        Message = "Invalid configuration: {Problem}")]
    public static partial void InvalidConfiguration(ILogger logger, string problem);

    [LoggerMessage(EventId = LogEvents.EngineStartFailed, EventName = "EngineStartFailed", Level = LogLevel.Critical,
        Message = "The decision engine could not start: {Problem}")]
    public static partial void EngineStartFailed(ILogger logger, string problem, Exception exception);

    [LoggerMessage(EventId = LogEvents.RuntimeApiFailed, EventName = "RuntimeApiFailed", Level = LogLevel.Error,
        Message = "[{RequestId}] Could not post to the Runtime API")]
    public static partial void RuntimeApiFailed(ILogger logger, string? requestId, Exception exception);

    [LoggerMessage(EventId = LogEvents.RuntimeReady, EventName = "RuntimeReady", Level = LogLevel.Information,
        Message = "Runtime ready in {ElapsedMs} ms")]
    public static partial void RuntimeReady(ILogger logger, double elapsedMs);

    [LoggerMessage(EventId = LogEvents.WarmUpIncomplete, EventName = "WarmUpIncomplete", Level = LogLevel.Warning,
        Message = "The issuers' keys or the revocation list could not all be fetched during init; requests fetch them again (keys after a cooldown)")]
    public static partial void WarmUpIncomplete(ILogger logger, Exception? exception);

    [LoggerMessage(EventId = LogEvents.MetricsFailed, EventName = "MetricsFailed", Level = LogLevel.Warning,
        Message = "[{RequestId}] The invocation's metrics could not be written")]
    public static partial void MetricsFailed(ILogger logger, string? requestId, Exception exception);

    [LoggerMessage(EventId = LogEvents.RuntimeStopped, EventName = "RuntimeStopped", Level = LogLevel.Critical,
        Message = "The Runtime API failed; stopping so Lambda starts a new environment")]
    public static partial void RuntimeStopped(ILogger logger, Exception exception);
}
