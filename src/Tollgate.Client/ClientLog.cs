using Microsoft.Extensions.Logging;

namespace Tollgate.Client;

internal static partial class ClientLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Token obtained for client {ClientId} (audience {Audience}), expires {ExpiresAt:O}")]
    public static partial void TokenObtained(ILogger logger, string clientId, string? audience, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Token request for client {ClientId} failed: {Error} ({Description})")]
    public static partial void TokenFailed(ILogger logger, string clientId, string error, string? description);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Background renewal for client {ClientId} failed; the current token stays in use until {UsableUntil:O}")]
    public static partial void RenewalFailed(ILogger logger, string clientId, DateTimeOffset usableUntil);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "{Method} {Host} answered 401; retrying once with a fresh token for client {ClientId}")]
    public static partial void RetryingOnUnauthorized(ILogger logger, string method, string host, string clientId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "{Host} asked for a DPoP nonce; retrying once with it for client {ClientId}")]
    public static partial void RetryingWithNonce(ILogger logger, string host, string clientId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "{Endpoint} answered token_type Bearer to a token request with a DPoP proof for client {ClientId}: the token is not bound and is sent as a bearer token")]
    public static partial void DpopIgnored(ILogger logger, string endpoint, string clientId);
}
