using Microsoft.Extensions.DependencyInjection;

namespace Tollgate.Server.Policies;

/// <summary>The catalog's policies as the engine compiles them: checked on every change, served to the feed, Warden and decisions.</summary>
public static class PoliciesSetup
{
    public static IServiceCollection AddTollgatePolicies(this IServiceCollection services)
    {
        services.AddSingleton<Core.Policies.IPolicyChecker, EnginePolicyChecker>();
        services.AddSingleton<ServerPolicies>();
        return services;
    }
}
