using Microsoft.Extensions.DependencyInjection;

namespace Tollgate.Server.Hosting;

/// <summary>
/// The server's and the gateway's outgoing HTTP clients, named <see cref="IHttpClientFactory"/> clients.
/// Each is created once by the singleton that uses it and kept for the process: the factory does not
/// rotate the handler, and <see cref="SocketsHttpHandler.PooledConnectionLifetime"/> renews the connections
/// (and so picks up DNS changes) instead.
/// </summary>
internal static class OutgoingHttp
{
    /// <summary>Fetches clients' registered JWKS for <c>private_key_jwt</c> (<c>ClientKeys</c>).</summary>
    public const string ClientKeys = "Tollgate.ClientKeys";

    /// <summary>A standalone gateway's calls to its server: keys, introspection, revocations, rules, policies.</summary>
    public const string Gateway = "Tollgate.Gateway";

    private static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(5);

    internal static IServiceCollection AddOutgoingHttp(this IServiceCollection services, string name, TimeSpan timeout)
    {
        services.AddHttpClient(name, http => http.Timeout = timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = ConnectionLifetime })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();   // no line per request: the callers log their own failures
        return services;
    }
}
