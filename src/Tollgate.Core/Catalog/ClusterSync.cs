using Microsoft.Extensions.Logging;
using Tollgate.Core.Keys;
using Tollgate.Core.Revocation;
using Tollgate.Core.Startup;
using Tollgate.Core.Storage;

namespace Tollgate.Core.Catalog;

/// <summary>
/// Keeps this node's in-memory catalog (policies included), keys and revocation list current with what the other
/// nodes write: it wakes on a change notification (or every <see cref="PollInterval"/> without
/// one), reads the change feed after its cursor and reloads just the entities named there. A
/// cursor behind the feed's purge horizon reloads everything. The hot paths keep reading memory;
/// when the database is unreachable this retries and <see cref="LastCaughtUp"/> stops moving,
/// which <c>/health/ready</c> reports.
/// </summary>
public sealed partial class ClusterSync(
    IChangeFeed feed,
    IClientStore clients,
    IApiStore apis,
    IGrantStore grants,
    IPolicyStore policies,
    Catalog catalog,
    KeyManager keys,
    RevocationList revocations,
    Bootstrapper loader,
    TimeProvider time,
    ILogger<ClusterSync> logger)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private const int PageSize = 500;
    private long _cursor = -1;
    private long _lastCaughtUpTicks;

    /// <summary>When this node last read the feed to its end (null before the first time).</summary>
    public DateTimeOffset? LastCaughtUp => Interlocked.Read(ref _lastCaughtUpTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>The last change-feed sequence this node applied (-1 before it knows where to start): the lag gauge.</summary>
    public long Cursor => Interlocked.Read(ref _cursor);

    /// <summary>Where reading starts: the feed's end, read before the catalog is loaded so no change falls between.</summary>
    public async Task StartAtLatestAsync(CancellationToken cancellationToken)
        => Interlocked.Exchange(ref _cursor, await feed.LatestAsync(cancellationToken));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await CatchUpAsync(cancellationToken);
                if (failures > 0) LogRecovered(logger, failures);
                failures = 0;
                await feed.WaitAsync(PollInterval, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException or TimeoutException or InvalidOperationException)
            {
                if (failures++ == 0) LogCatchUpFailed(logger, e.Message);
                await Task.Delay(PollInterval, cancellationToken);   // wall-clock: retrying is about the network, not the token clock
            }
        }
    }

    /// <summary>Applies every change committed since the last call; returns how many were applied.</summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Read(ref _cursor) < 0) await StartAtLatestAsync(cancellationToken);
        var applied = 0;
        while (true)
        {
            var page = await feed.ListSinceAsync(Interlocked.Read(ref _cursor), PageSize, cancellationToken);
            if (page is null)
            {
                await ReloadEverythingAsync(cancellationToken);
                continue;
            }
            var keysChanged = false;
            foreach (var change in page)
            {
                if (change.Entity == ChangeEntities.Key) keysChanged = true;
                else await ApplyAsync(change, cancellationToken);
                Interlocked.Exchange(ref _cursor, change.Seq);
                applied++;
            }
            if (keysChanged) await keys.ReloadAsync(cancellationToken);
            if (page.Count < PageSize) break;
        }
        await revocations.CatchUpAsync(cancellationToken);
        Interlocked.Exchange(ref _lastCaughtUpTicks, time.GetUtcNow().UtcTicks);
        return applied;
    }

    private async Task ApplyAsync(Change change, CancellationToken cancellationToken)
    {
        switch (change.Entity)
        {
            case ChangeEntities.Client:
                var client = await clients.FindAsync(change.EntityId, cancellationToken);
                catalog.Update(s => client is null ? s.WithoutClient(change.EntityId) : s.WithClient(client));
                break;
            case ChangeEntities.Api:
                var api = await apis.FindAsync(change.EntityId, cancellationToken);
                catalog.Update(s =>
                {
                    var before = s.ApisByIdentifier.Values.FirstOrDefault(a => a.Id == change.EntityId);
                    if (api is null) return before is null ? s : s.WithoutApi(before.Identifier);
                    return s.WithApi(api, before?.Identifier == api.Identifier ? null : before?.Identifier);
                });
                break;
            case ChangeEntities.Grant:
                var grant = await grants.FindAsync(change.EntityId, cancellationToken);
                catalog.Update(s =>
                {
                    var before = s.GrantsByClient.Values.SelectMany(g => g.Values).FirstOrDefault(g => g.Id == change.EntityId);
                    var without = before is null ? s : s.WithoutGrant(before);
                    // A grant whose client or API is gone (deleted meanwhile) is not served.
                    return grant is null || without.FindClient(grant.ClientId) is null || without.FindApi(grant.Audience) is null ? without : without.WithGrant(grant);
                });
                break;
            case ChangeEntities.Policy:
                var policy = await policies.FindAsync(change.EntityId, cancellationToken);
                catalog.Update(s => policy is null ? s.WithoutPolicy(change.EntityId) : s.WithPolicy(policy));
                break;
        }
    }

    private async Task ReloadEverythingAsync(CancellationToken cancellationToken)
    {
        LogReloading(logger, Interlocked.Read(ref _cursor));
        await StartAtLatestAsync(cancellationToken);
        await loader.LoadCatalogAsync(cancellationToken);
        await keys.ReloadAsync(cancellationToken);
    }

    [LoggerMessage(EventId = LogEvents.ChangeFeedUnreadable, Level = LogLevel.Warning, Message = "Cannot read the change feed ({Reason}); serving the catalog held in memory and retrying")]
    private static partial void LogCatchUpFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = LogEvents.ChangeFeedRecovered, Level = LogLevel.Information, Message = "Change feed readable again after {Failures} failed attempts; caught up")]
    private static partial void LogRecovered(ILogger logger, int failures);

    [LoggerMessage(EventId = LogEvents.ChangeFeedPurged, Level = LogLevel.Warning, Message = "Change feed purged past this node's cursor {Cursor}; reloading the whole catalog")]
    private static partial void LogReloading(ILogger logger, long cursor);
}
