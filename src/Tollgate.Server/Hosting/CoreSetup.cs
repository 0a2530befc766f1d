using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Admin;
using Tollgate.Core.Catalog;
using Tollgate.Core.Keys;
using Tollgate.Core.OAuth;
using Tollgate.Core.Revocation;
using Tollgate.Core.Startup;

namespace Tollgate.Server.Hosting;

/// <summary>
/// What every part of the server reads: the catalog, the signing keys and their schedule, the
/// revocation list, the issuer, the audit trail and the bootstrapper that fills them at start-up.
/// </summary>
public static class CoreSetup
{
    public static IServiceCollection AddTollgateCore(this IServiceCollection services, TollgateOptions options, IReadOnlyList<string> systemSecrets)
    {
        services.AddSingleton<Core.Audit.AuditTrail>();
        services.AddSingleton<Catalog>();
        services.AddSingleton<KeyRing>();
        services.AddSingleton(new KeyProtector(systemSecrets));
        services.AddSingleton(sp => new KeySchedule
        {
            DefaultPeriod = options.Keys.RotationPeriod,
            Periods = options.Keys.Periods,
            PrePublish = options.Keys.PrePublish,
            MaxTokenLifetime = () => sp.GetRequiredService<Catalog>().Current.LongestTokenLifetime,
        });
        services.AddSingleton<KeyManager>();
        services.AddSingleton<RevocationList>();
        services.AddSingleton<IIssuer, ServerIssuer>();
        services.AddSingleton(new SystemIdentity(options.Bootstrap.RootClientId));
        services.AddSingleton<Bootstrapper>();
        return services;
    }
}
