using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Admin;
using Tollgate.Server.OAuth;

namespace Tollgate.Server.Admin;

/// <summary>The admin API's services: the admin token check and one admin service per resource.</summary>
public static class AdminSetup
{
    public static IServiceCollection AddTollgateAdmin(this IServiceCollection services)
    {
        services.AddSingleton<AdminToken>();
        services.AddSingleton<ApiAdmin>();
        services.AddSingleton<ClientAdmin>();
        services.AddSingleton<ClientSecretAdmin>();
        services.AddSingleton<GrantAdmin>();
        services.AddSingleton<RevocationAdmin>();
        services.AddSingleton<KeyAdmin>();
        services.AddSingleton<PolicyAdmin>();
        return services;
    }
}
