using Microsoft.Extensions.Hosting;
using Tollgate.Core.Startup;

namespace Tollgate.Server.Hosting;

/// <summary>Runs the key schedule and revocation purge while the server runs.</summary>
public sealed class HousekeepingService(Housekeeping loop) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => loop.RunAsync(stoppingToken);
}
