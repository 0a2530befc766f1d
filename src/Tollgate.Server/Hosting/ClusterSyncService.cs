using Microsoft.Extensions.Hosting;
using Tollgate.Core.Catalog;

namespace Tollgate.Server.Hosting;

/// <summary>Follows the change feed while the server runs (shared-database providers only).</summary>
public sealed class ClusterSyncService(ClusterSync sync) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => sync.RunAsync(stoppingToken);
}
