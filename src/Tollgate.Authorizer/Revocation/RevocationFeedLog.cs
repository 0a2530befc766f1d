using Microsoft.Extensions.Logging;

namespace Tollgate.Authorizer.Revocation;

internal static partial class RevocationFeedLog
{
    [LoggerMessage(EventId = LogEvents.RevocationFeedSynced, Level = LogLevel.Information,
        Message = "Revocation feed synced: {Applied} entries applied ({Expired} already expired, {Unknown} of unknown type) in {Pages} pages, {Bytes} bytes; version {Version}, {Live} live entries")]
    public static partial void Synced(ILogger logger, int applied, int expired, int unknown, int pages, long bytes, long version, int live);

    [LoggerMessage(EventId = LogEvents.RevocationFeedUnchanged, Level = LogLevel.Debug, Message = "Revocation feed unchanged at version {Version}")]
    public static partial void Unchanged(ILogger logger, long version);

    [LoggerMessage(EventId = LogEvents.RevocationFeedFailed, Level = LogLevel.Warning,
        Message = "Revocation feed sync from {Url} failed: {Error}; keeping the list at version {Version}, last synced {LastSync}")]
    public static partial void Failed(ILogger logger, string url, string error, long version, DateTimeOffset? lastSync);

    [LoggerMessage(EventId = LogEvents.RevocationListStale, Level = LogLevel.Error,
        Message = "Revocation list is stale (last synced {LastSync}, fail-closed age {FailClosedAfter}): refusing every decision with revocation_list_stale")]
    public static partial void Stale(ILogger logger, DateTimeOffset? lastSync, TimeSpan failClosedAfter);

    [LoggerMessage(EventId = LogEvents.RevocationListFresh, Level = LogLevel.Information, Message = "Revocation list is fresh again at version {Version}: decisions resume")]
    public static partial void Fresh(ILogger logger, long version);

    [LoggerMessage(EventId = LogEvents.RevocationFeedRestarted, Level = LogLevel.Warning, Message = "Revocation feed restarted below our version {Version} (server list replaced): pulling it whole")]
    public static partial void Restarted(ILogger logger, long version);

    [LoggerMessage(EventId = LogEvents.RevocationListCaughtUp, Level = LogLevel.Debug,
        Message = "Revocation list caught up before a decision (last synced {LastSync}: the process was frozen or the timer late); now at version {Version}")]
    public static partial void CaughtUp(ILogger logger, DateTimeOffset? lastSync, long version);

    [LoggerMessage(EventId = LogEvents.RevocationCatchUpGaveUp, Level = LogLevel.Warning,
        Message = "Revocation feed did not answer within {Wait} before a decision; deciding on the list last synced {LastSync}")]
    public static partial void CatchUpGaveUp(ILogger logger, TimeSpan wait, DateTimeOffset? lastSync);
}
