using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Client.Dpop;

namespace Tollgate.Client;

public static class ClientCredentialsExtensions
{
    /// <summary>
    /// Adds a client-credentials bearer token to every request of this HttpClient:
    /// <code>
    /// services.AddHttpClient("orders", c => c.BaseAddress = new("https://orders.example"))
    ///     .AddClientCredentialsToken(o =>
    ///     {
    ///         o.Authority = new("https://tollgate.example");
    ///         o.ClientId = "billing"; o.ClientSecret = secret;
    ///         o.Audience = "https://orders.example"; o.Scope = "read:orders";
    ///     });
    /// </code>
    /// Options are checked on the first call (an <see cref="OptionsValidationException"/> names each problem).
    /// </summary>
    public static IHttpClientBuilder AddClientCredentialsToken(this IHttpClientBuilder builder, Action<ClientCredentialsOptions> configure)
    {
        var services = builder.Services;
        services.Configure(builder.Name, configure);
        AddCore(services);
        var name = builder.Name;
        return builder.AddHttpMessageHandler(sp => new ClientCredentialsHandler(
            name,
            sp.GetRequiredService<IClientCredentialsTokenSource>(),
            sp.GetRequiredService<IOptionsMonitor<ClientCredentialsOptions>>(),
            sp.GetRequiredService<ILogger<ClientCredentialsHandler>>()));
    }

    /// <summary>The token cache and its backchannel, without a handler (for <see cref="IClientCredentialsTokenSource"/> alone).</summary>
    public static IServiceCollection AddClientCredentialsTokens(this IServiceCollection services, string name, Action<ClientCredentialsOptions> configure)
    {
        services.Configure(name, configure);
        AddCore(services);
        return services;
    }

    private static void AddCore(IServiceCollection services)
    {
        services.AddHttpClient(ClientCredentialsDefaults.BackchannelClientName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Discovery>();
        services.TryAddSingleton<TokenEndpointClient>();
        services.TryAddSingleton<DpopKeys>();
        services.TryAddSingleton<DpopNonceStore>();
        services.TryAddSingleton<ClientCredentialsTokenCache>();
        services.TryAddSingleton<IClientCredentialsTokenSource>(sp => sp.GetRequiredService<ClientCredentialsTokenCache>());
    }
}
