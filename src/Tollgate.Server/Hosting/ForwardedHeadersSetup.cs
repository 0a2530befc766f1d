using System.Net;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Authorizer.Configuration;
using static Tollgate.Authorizer.Configuration.ValidationError.Codes;

namespace Tollgate.Server.Hosting;

/// <summary>
/// Which reverse proxies may say who the caller is (<c>X-Forwarded-For</c>) and how it called
/// (<c>X-Forwarded-Proto</c>, <c>X-Forwarded-Host</c>). Off unless a proxy or network is listed: the headers of
/// anyone else are left alone and never believed. See docs/deploy.md#behind-a-reverse-proxy.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>Addresses of the proxies in front of this node (e.g. <c>10.0.0.5</c>, <c>::1</c>).</summary>
    public List<string> KnownProxies { get; set; } = [];
    /// <summary>Networks the proxies are in, in CIDR form (e.g. <c>10.0.0.0/24</c>).</summary>
    public List<string> KnownNetworks { get; set; } = [];
    /// <summary>How many proxy hops are unwound from the right of each header; one per proxy in the chain.</summary>
    public int ForwardLimit { get; set; } = 1;

    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<ValidationError> Validate()
    {
        foreach (var proxy in KnownProxies)
            if (!IPAddress.TryParse(proxy, out _)) yield return new ValidationError("Tollgate:ForwardedHeaders:KnownProxies", Invalid, $"'{proxy}' is not an IP address.");
        foreach (var network in KnownNetworks)
            if (!IPNetwork.TryParse(network, out _)) yield return new ValidationError("Tollgate:ForwardedHeaders:KnownNetworks", Invalid, $"'{network}' is not a CIDR network (e.g. 10.0.0.0/24).");
        if (ForwardLimit is < 1 or > 10) yield return ValidationError.Sentence("Tollgate:ForwardedHeaders:ForwardLimit", OutOfRange, "must be between 1 and 10.");
    }
}

/// <summary>Registers and runs ASP.NET Core's forwarded-headers middleware with only the configured proxies trusted.</summary>
public static class ForwardedHeadersSetup
{
    /// <summary>Where both <c>serve</c> and <c>gateway</c> read the settings.</summary>
    public const string Section = "Tollgate:ForwardedHeaders";

    public static IServiceCollection AddTollgateForwardedHeaders(this IServiceCollection services, ForwardedHeadersSettings settings)
    {
        services.AddSingleton(settings);
        if (!settings.Enabled) return services;
        return services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.ForwardLimit = settings.ForwardLimit;
            // The framework trusts loopback by default; only what the operator listed is trusted here.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in settings.KnownProxies) o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in settings.KnownNetworks) o.KnownIPNetworks.Add(IPNetwork.Parse(network));
        });
    }

    public static WebApplication UseTollgateForwardedHeaders(this WebApplication app)
    {
        if (app.Services.GetService<ForwardedHeadersSettings>() is { Enabled: true }) app.UseForwardedHeaders();
        return app;
    }
}
