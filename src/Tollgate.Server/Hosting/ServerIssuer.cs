using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Tollgate.Core.OAuth;

namespace Tollgate.Server.Hosting;

/// <summary>
/// The configured issuer, or else the first address the server listens on (wildcard hosts become
/// <c>localhost</c>). Resolved once, on first use after the server has started.
/// </summary>
public sealed class ServerIssuer(TollgateOptions options, IServer server) : IIssuer
{
    private string? _value = options.Issuer?.TrimEnd('/');

    public string Value => _value ??= FromServerAddresses();

    private string FromServerAddresses()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Tollgate:Issuer is not configured and the server has no address yet.");
        var uri = new Uri(address.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost"));
        return uri.GetLeftPart(UriPartial.Authority);
    }
}
