using Microsoft.Extensions.Logging;
using Tollgate.Core.Keys;
using Tollgate.Core.Revocation;
using Tollgate.Core.Storage;

namespace Tollgate.Core.Startup;

/// <summary>What a running server does on a timer: the key schedule, purging expired revocations, used assertions, old changes and audit entries past their retention (one node at a time).</summary>
public sealed partial class Housekeeping(KeyManager keys, RevocationList revocations, IAssertionReplayStore assertions, IStorageMaintenance storage,
    IClusterLock clusterLock, TimeProvider time, ILogger<Housekeeping> logger, IChangeFeed? changes = null, Audit.AuditRetention? audit = null)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    /// <summary>How long the change feed keeps entries: a node away longer reloads everything.</summary>
    public static readonly TimeSpan ChangeRetention = TimeSpan.FromDays(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            try
            {
                await RunOnceAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogHousekeepingFailed(logger, e);
            }
        }
    }

    /// <summary>One round of the work the timer runs.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await keys.RotateDueAsync(cancellationToken);
        await using (await clusterLock.AcquireAsync(ClusterLocks.Housekeeping, cancellationToken))
        {
            await revocations.PurgeAsync(cancellationToken);
            await assertions.PurgeAsync(time.GetUtcNow(), cancellationToken);
            await storage.MaintainAsync(time.GetUtcNow(), cancellationToken);
            if (changes is not null) await changes.PurgeAsync(time.GetUtcNow() - ChangeRetention, cancellationToken);
            if (audit is not null) await audit.PurgeAsync(cancellationToken);
        }
    }

    [LoggerMessage(EventId = LogEvents.HousekeepingFailed, Level = LogLevel.Error, Message = "Key rotation and purge failed; retrying at the next interval")]
    private static partial void LogHousekeepingFailed(ILogger logger, Exception exception);
}
