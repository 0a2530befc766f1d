using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Catalog;
using Tollgate.Core.OAuth;
using Tollgate.Server.Hosting;

namespace Tollgate.Server.Decisions;

/// <summary><c>/decisions</c>: one embedded decision engine per API, trusting this server in-process.</summary>
public static class DecisionsSetup
{
    public static IServiceCollection AddTollgateDecisions(this IServiceCollection services, DecisionsOptions options)
    {
        services.AddSingleton<InProcessAuthority>();
        services.AddSingleton<ServerRevocationCheck>();
        services.AddSingleton<IDecisionAuthorizers>(sp => new EmbeddedAuthorizers(
            sp.GetRequiredService<Catalog>(), sp.GetRequiredService<IIssuer>(), sp.GetRequiredService<InProcessAuthority>(),
            sp.GetRequiredService<ServerRevocationCheck>(), sp.GetRequiredService<Policies.ServerPolicies>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>(),
            string.IsNullOrEmpty(options.Audience) ? null : options.Audience, options.TokenHandler,
            string.IsNullOrEmpty(options.ClientCertificateHeader) ? null : options.ClientCertificateHeader));
        return services;
    }
}
