using System.Net;
using System.Net.Sockets;

namespace Tollgate.EndToEnd.Tests.Infrastructure;

/// <summary>
/// nginx running deploy/nginx's template as render.sh renders it (its own prefix directory, a free
/// loopback port), in front of one API. Installed with apt-get (nginx-light) when missing and root.
/// </summary>
public sealed class NginxGateway : IAsyncDisposable
{
    private static readonly Lazy<Task<string>> Binary = new(FindOrInstallAsync);

    /// <summary>The nginx binary, installed first when missing.</summary>
    public static Task<string> BinaryAsync() => Binary.Value;
    private readonly ServiceProcess _nginx;

    private NginxGateway(ServiceProcess nginx, string directory, int port, bool tls)
    {
        _nginx = nginx;
        Directory = directory;
        Address = new Uri($"{(tls ? "https" : "http")}://127.0.0.1:{port}");
        Http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(15) };
    }

    public string Directory { get; }
    public Uri Address { get; }
    /// <summary>A plain client (for HTTPS: one that trusts the system store only; use your own handler for test certificates).</summary>
    public HttpClient Http { get; }

    /// <param name="tokenHandler">Render with <c>TOKEN_HANDLER=on</c>: cookies, CORS answered by Tollgate.</param>
    /// <param name="tls">Render with <c>TLS_CERT</c>/<c>TLS_KEY</c>: HTTPS with optional client certificates.</param>
    public static async Task<NginxGateway> StartAsync(string directory, string tollgate, string contacts, string audience, bool tokenHandler = false,
        (string Cert, string Key)? tls = null)
    {
        var nginx = await Binary.Value;
        var port = ServiceProcess.FreePort();
        var env = new Dictionary<string, string>
        {
            ["LISTEN_PORT"] = $"127.0.0.1:{port}", ["TOLLGATE_UPSTREAM"] = tollgate, ["CONTACTS_UPSTREAM"] = contacts, ["API_AUDIENCE"] = audience,
            ["TOKEN_HANDLER"] = tokenHandler ? "on" : "off",
        };
        if (tls is { } files)
        {
            env["TLS_CERT"] = files.Cert;
            env["TLS_KEY"] = files.Key;
        }
        var render = await ServiceProcess.RunAsync("bash", [Path.Combine(RepoPaths.NginxDeploy, "render.sh"), directory], env);
        if (render.ExitCode != 0) throw new InvalidOperationException($"render.sh failed: {render.Output}");

        var process = ServiceProcess.Start("nginx", nginx,
            ["-p", directory, "-c", Path.Combine(directory, "nginx.conf"), "-e", Path.Combine(directory, "logs", "error.log"), "-g", "daemon off;"]);
        var gateway = new NginxGateway(process, directory, port, tls is not null);
        await gateway.WaitForPortAsync(port);
        return gateway;
    }

    public string ErrorLog => ReadLog("error.log");
    public string AccessLog => ReadLog("access.log");

    private string ReadLog(string name)
    {
        var path = Path.Combine(Directory, "logs", name);
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    private async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_nginx.HasExited) throw new InvalidOperationException($"nginx exited: {_nginx.RecentOutput}\n{ErrorLog}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) { await Task.Delay(50); }
        }
        throw new TimeoutException($"nginx did not listen on {port}: {_nginx.RecentOutput}\n{ErrorLog}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _nginx.DisposeAsync();
    }

    // newer Debian and Ubuntu releases ship only "nginx"
    private static Task<string> FindOrInstallAsync() => DebianPrograms.FindOrInstallAsync("nginx", "nginx-light", "nginx");
}
