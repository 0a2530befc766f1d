using System.Globalization;

namespace Tollgate.EndToEnd.Tests.Infrastructure;

/// <summary>Caddy running deploy/caddy/Caddyfile as it is, its home in its own directory. Installed with apt-get when missing.</summary>
public static class CaddyGateway
{
    private static readonly Lazy<Task<string>> Binary = new(() => DebianPrograms.FindOrInstallAsync("caddy", "caddy"));

    /// <param name="tollgate">Tollgate's host:port; <paramref name="contacts"/> the API's.</param>
    public static async Task<ProxyGateway> StartAsync(string directory, string tollgate, string contacts, string audience)
    {
        var port = ServiceProcess.FreePort();
        return await ProxyGateway.StartAsync("caddy", await Binary.Value,
            ["run", "--config", Path.Combine(RepoPaths.Root, "deploy", "caddy", "Caddyfile"), "--adapter", "caddyfile"],
            new Dictionary<string, string>
            {
                ["LISTEN_PORT"] = port.ToString(CultureInfo.InvariantCulture), ["BIND_ADDRESS"] = "127.0.0.1",
                ["TOLLGATE_UPSTREAM"] = tollgate, ["CONTACTS_UPSTREAM"] = contacts, ["API_AUDIENCE"] = audience,
                ["HOME"] = directory, ["XDG_CONFIG_HOME"] = Path.Combine(directory, "config"), ["XDG_DATA_HOME"] = Path.Combine(directory, "data"),
            }, directory, port);
    }
}
