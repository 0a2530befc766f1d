using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Quotas;

namespace Tollgate.Server.Hosting;

/// <summary>Registers token quotas, counted in this node's memory (docs/operations.md, "Several nodes").</summary>
internal static class QuotasSetup
{
    public static IServiceCollection AddTollgateQuotas(this IServiceCollection services, QuotasOptions options)
    {
        services.AddSingleton(sp => new TokenQuotaCounter(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new TokenQuotas(options.Default(), sp.GetRequiredService<TokenQuotaCounter>(), sp.GetRequiredService<ILogger<TokenQuotas>>()));
        services.AddSingleton(sp => new TokenReuse(
            new TokenReuseSettings(options.TokenReuse.Enabled, options.TokenReuse.Clients.ToHashSet(StringComparer.Ordinal), options.TokenReuse.MinRemainingFraction, options.TokenReuse.MaxEntries),
            sp.GetRequiredService<Core.Revocation.RevocationList>(), sp.GetRequiredService<TimeProvider>()));
        if (options.Lockout.Enabled)
            services.AddSingleton(sp => new ClientLockout(
                new LockoutSettings(options.Lockout.Threshold, options.Lockout.BaseDelay, options.Lockout.MaxDelay, options.Lockout.MaxEntries),
                sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
