using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Contacts.Tests.Infrastructure;

/// <summary>
/// The whole gateway on loopback ports: the contacts API (Kestrel), the decision stub, and nginx
/// running deploy/nginx's config as rendered by render.sh into a fresh directory.
/// </summary>
public sealed class NginxGateway : IAsyncLifetime
{
    private Process? _nginx;
    private StringBuilder _nginxOutput = new();

    public ContactsHost Contacts { get; private set; } = null!;
    public DecisionStub Stub { get; private set; } = null!;
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "contacts-nginx-" + Guid.NewGuid().ToString("N"));
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var nginx = await NginxBinary.GetAsync();
        Contacts = await ContactsHost.StartAsync(kestrel: true);
        Stub = await DecisionStub.StartAsync();
        var port = FreePort();
        await RenderAsync(Directory, $"127.0.0.1:{port}", Stub.Address.Authority, Contacts.Address.Authority);

        _nginx = ChildProcess.Start(nginx, ["-p", Directory, "-c", Path.Combine(Directory, "nginx.conf"), "-e", Path.Combine(Directory, "logs", "error.log"), "-g", "daemon off;"], null, out _nginxOutput);
        await WaitForPortAsync(port);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Runs render.sh with the settings into <paramref name="directory"/> (API_AUDIENCE: its default when null).</summary>
    public static async Task RenderAsync(string directory, string listen, string tollgate, string contacts, string? audience = null)
    {
        var env = new Dictionary<string, string>
        {
            ["LISTEN_PORT"] = listen, ["TOLLGATE_UPSTREAM"] = tollgate, ["CONTACTS_UPSTREAM"] = contacts,
        };
        if (audience is not null) env["API_AUDIENCE"] = audience;
        var result = await ChildProcess.RunAsync("bash", [Path.Combine(RepoPaths.NginxDeploy, "render.sh"), directory], env);
        if (result.ExitCode != 0) throw new InvalidOperationException($"render.sh failed: {result.Output}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (_nginx!.HasExited) throw new InvalidOperationException($"nginx exited with {_nginx.ExitCode}: {_nginxOutput}{ErrorLog()}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) { await Task.Delay(50); }
        }
        throw new TimeoutException($"nginx did not listen on {port}: {_nginxOutput}{ErrorLog()}");
    }

    public string ErrorLog()
    {
        var path = Path.Combine(Directory, "logs", "error.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_nginx is not null) { await ChildProcess.StopAsync(_nginx); _nginx.Dispose(); }
        if (Stub is not null) await Stub.DisposeAsync();
        if (Contacts is not null) await Contacts.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
