using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Tollgate.AspNetCore;

public static class TollgateExtensions
{
    /// <summary>
    /// Tollgate token validation as an authentication scheme:
    /// <code>
    /// builder.Services.AddAuthentication(TollgateDefaults.AuthenticationScheme).AddTollgate(o =>
    /// {
    ///     o.Authority = "https://tollgate.example"; o.Audience = "https://contacts.example";
    ///     o.ClientId = "contacts-api"; o.ClientSecret = secret;   // revocation feed (and introspection, rules)
    /// });
    /// </code>
    /// </summary>
    public static AuthenticationBuilder AddTollgate(this AuthenticationBuilder builder, Action<TollgateAuthenticationOptions> configure)
        => builder.AddTollgate(TollgateDefaults.AuthenticationScheme, configure);

    public static AuthenticationBuilder AddTollgate(this AuthenticationBuilder builder, string scheme, Action<TollgateAuthenticationOptions> configure)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TollgateAuthorizers>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TollgateBackgroundService>());
        services.AddSingleton(new SchemeRegistration(scheme));
        return builder.AddScheme<TollgateAuthenticationOptions, TollgateAuthenticationHandler>(scheme, configure);
    }

    /// <summary>Requires every one of these scopes (and an authenticated caller); ScopeRequirement is its own handler.</summary>
    public static AuthorizationPolicyBuilder RequireScope(this AuthorizationPolicyBuilder policy, params string[] scopes)
        => policy.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(scopes));

    /// <summary>An endpoint's policy requiring every one of these scopes.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder endpoint, params string[] scopes) where TBuilder : IEndpointConventionBuilder
        => endpoint.RequireAuthorization(p => p.RequireScope(scopes));

    /// <summary>
    /// Enforces the route rules the server keeps for the API (<see cref="TollgateAuthenticationOptions.UseRouteRules"/>)
    /// on every request from here on: put it after <c>UseRouting</c> and before the endpoints.
    /// </summary>
    public static IApplicationBuilder UseTollgateRouteRules(this IApplicationBuilder app, string scheme = TollgateDefaults.AuthenticationScheme)
        => app.UseMiddleware<RouteRulesMiddleware>(scheme);
}

/// <summary>One scheme added by <c>AddTollgate</c>.</summary>
public sealed record SchemeRegistration(string Scheme);
