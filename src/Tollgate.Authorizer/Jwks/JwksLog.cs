using Microsoft.Extensions.Logging;

namespace Tollgate.Authorizer.Jwks;

internal static partial class JwksLog
{
    [LoggerMessage(EventId = LogEvents.KeysFetched, Level = LogLevel.Information, Message = "Fetched {Count} keys for issuer {Issuer}")]
    public static partial void Fetched(ILogger logger, string issuer, int count);

    [LoggerMessage(EventId = LogEvents.KeysFetchFailed, Level = LogLevel.Warning, Message = "Fetching keys for issuer {Issuer} failed: {Error}; keeping last known good keys: {HaveKeys}")]
    public static partial void FetchFailed(ILogger logger, string issuer, string error, bool haveKeys);

    [LoggerMessage(EventId = LogEvents.KeySkipped, Level = LogLevel.Warning, Message = "Issuer {Issuer} publishes a key this authorizer skips: {Note}")]
    public static partial void KeySkipped(ILogger logger, string issuer, string note);
}
