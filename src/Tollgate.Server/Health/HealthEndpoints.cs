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
            .AddCheck<KeysCheck>("keys", tags: ["ready"])
            .AddCheck<CatalogFreshnessCheck>("catalog", tags: ["ready"]);
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

    /// <summary>
    /// With several nodes: how long ago this node last read the change feed to its end. Past the
    /// bound it keeps serving what it holds but says so, so a load balancer can prefer other nodes.
    /// </summary>
    private sealed class CatalogFreshnessCheck(IServiceProvider services, TimeProvider time, Hosting.TollgateOptions options) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (services.GetService<Core.Catalog.ClusterSync>() is not { } sync) return Task.FromResult(HealthCheckResult.Healthy("one node: nothing to follow"));
            var age = sync.LastCaughtUp is { } at ? time.GetUtcNow() - at : (TimeSpan?)null;
            var bound = options.Storage.MaxStaleness;
            return Task.FromResult(age is { } a && a <= bound
                ? HealthCheckResult.Healthy($"caught up {a.TotalMilliseconds:F0} ms ago")
                : HealthCheckResult.Unhealthy(age is null
                    ? "not yet caught up with the change feed"
                    : $"catalog may be stale: last caught up with the change feed {age.Value.TotalSeconds:F0} s ago (bound {bound.TotalSeconds:F0} s)"));
        }
    }

    private sealed class KeysCheck(KeyRing keys) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
            => Task.FromResult(keys.IsLoaded ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("signing keys not loaded"));
    }
}
