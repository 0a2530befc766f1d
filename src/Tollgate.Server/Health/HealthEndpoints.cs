using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tollgate.Core.Keys;
using Tollgate.Core.Storage;

namespace Tollgate.Server.Health;

/// <summary><c>/health/alive</c>: the process answers. <c>/health/ready</c>: database reachable and keys loaded.</summary>
public static class HealthEndpoints
{
    public static IServiceCollection AddTollgateHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseCheck>("database", tags: ["ready"])
            .AddCheck<KeysCheck>("keys", tags: ["ready"]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/alive", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }

    private sealed class DatabaseCheck(IStorageDatabase db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await db.PingAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("database unreachable");
            }
        }
    }

    private sealed class KeysCheck(KeyRing keys) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
            => Task.FromResult(keys.IsLoaded ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("signing keys not loaded"));
    }
}
