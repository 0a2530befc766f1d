using Microsoft.Extensions.Logging;

namespace Tollgate.Client;

internal static partial class ClientLog
{
    [LoggerMessage(EventId = LogEvents.TokenObtained, Level = LogLevel.Debug, Message = "Token obtained for client {ClientId} (audience {Audience}), expires {ExpiresAt:O}")]
    public static partial void TokenObtained(ILogger logger, string clientId, string? audience, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = LogEvents.TokenRequestFailed, Level = LogLevel.Warning, Message = "Token request for client {ClientId} failed: {Error} ({Description})")]
    public static partial void TokenFailed(ILogger logger, string clientId, string error, string? description);

    [LoggerMessage(EventId = LogEvents.RenewalFailed, Level = LogLevel.Warning, Message = "Background renewal for client {ClientId} failed; the current token stays in use until {UsableUntil:O}")]
    public static partial void RenewalFailed(ILogger logger, string clientId, DateTimeOffset usableUntil);

    [LoggerMessage(EventId = LogEvents.RetryingOnUnauthorized, Level = LogLevel.Debug, Message = "{Method} {Host} answered 401; retrying once with a fresh token for client {ClientId}")]
    public static partial void RetryingOnUnauthorized(ILogger logger, string method, string host, string clientId);

    [LoggerMessage(EventId = LogEvents.RetryingWithNonce, Level = LogLevel.Debug, Message = "{Host} asked for a DPoP nonce; retrying once with it for client {ClientId}")]
    public static partial void RetryingWithNonce(ILogger logger, string host, string clientId);

    [LoggerMessage(EventId = LogEvents.DpopIgnored, Level = LogLevel.Warning, Message = "{Endpoint} answered token_type Bearer to a token request with a DPoP proof for client {ClientId}: the token is not bound and is sent as a bearer token")]
    public static partial void DpopIgnored(ILogger logger, string endpoint, string clientId);
}
