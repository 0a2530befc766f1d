using Microsoft.Extensions.Logging;
using Tollgate.Core.Revocation;

namespace Tollgate.Core.Keys;

/// <summary>The housekeeping a running server does on a timer: key schedule, expired revocations.</summary>
public sealed partial class KeyRotationLoop(KeyManager keys, RevocationList revocations, TimeProvider time, ILogger<KeyRotationLoop> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            try
            {
                await keys.RotateDueAsync(cancellationToken);
                await revocations.PurgeAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogHousekeepingFailed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Key rotation and purge failed; retrying at the next interval")]
    private static partial void LogHousekeepingFailed(ILogger logger, Exception exception);
}
