namespace Tollgate.EndToEnd.Tests.Infrastructure;

/// <summary>HAProxy running deploy/haproxy/haproxy.cfg and its Lua action as they are. Installed with apt-get when missing.</summary>
public static class HaproxyGateway
{
    private static readonly Lazy<Task<string>> Binary = new(() => DebianPrograms.FindOrInstallAsync("haproxy", "haproxy"));

    /// <param name="tollgate">Tollgate's host:port; <paramref name="contacts"/> the API's.</param>
    public static async Task<ProxyGateway> StartAsync(string directory, string tollgate, string contacts, string audience)
    {
        var port = ServiceProcess.FreePort();
        var deploy = Path.Combine(RepoPaths.Root, "deploy", "haproxy");
        return await ProxyGateway.StartAsync("haproxy", await Binary.Value, ["-db", "-f", Path.Combine(deploy, "haproxy.cfg")],
            new Dictionary<string, string>
            {
                ["LISTEN_ADDRESS"] = $"127.0.0.1:{port}", ["CONTACTS_UPSTREAM"] = contacts, ["TOLLGATE_LUA"] = Path.Combine(deploy, "tollgate-auth.lua"),
                ["TOLLGATE_DECISIONS_URL"] = $"http://{tollgate}/decisions", ["API_AUDIENCE"] = audience,
            }, directory, port);
    }
}
