using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Startup;

namespace Tollgate.Server.Hosting;

/// <summary>The background loop: key schedule, revocation and replay purges, audit retention.</summary>
public static class HousekeepingSetup
{
    public static IServiceCollection AddTollgateHousekeeping(this IServiceCollection services, AuditOptions audit)
    {
        services.AddSingleton(sp => new Core.Audit.AuditRetention(sp.GetRequiredService<Core.Audit.IAuditStore>(), sp.GetRequiredService<Core.Audit.AuditTrail>(),
            audit.Retention, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<Housekeeping>();
        services.AddHostedService<HousekeepingService>();
        return services;
    }
}
