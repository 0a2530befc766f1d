using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Tollgate.Revocation.Bench;

public sealed record Credentials(string ClientId, string ClientSecret);

/// <summary>
/// The real server, <c>dotnet $TOLLGATE_DLL serve</c> on a loopback port with its own data
/// directory, plus the few admin and OAuth calls the benchmark needs. Stopped by its process id.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public const string RootSecret = "bench-root-secret-0123456789abcdef";
    public const string Audience = "https://bench.revocation.test";
    private readonly Process _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private string? _admin;

    private ServerProcess(Process process, string url, string dataDirectory)
    {
        _process = process;
        Url = url;
        DataDirectory = dataDirectory;
    }

    public string Url { get; }
    public string DataDirectory { get; }
    public string DatabasePath => Path.Combine(DataDirectory, "tollgate.db");
    public HttpClient Http => _http;

    public static async Task<ServerProcess> StartAsync(string dataDirectory, int port)
    {
        var dll = Environment.GetEnvironmentVariable("TOLLGATE_DLL") is { Length: > 0 } d ? d : throw new InvalidOperationException("set TOLLGATE_DLL (run.sh does)");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "serve", "--urls", $"http://127.0.0.1:{port}", $"--Tollgate:DataDirectory={dataDirectory}", $"--Tollgate:Bootstrap:RootClientSecret={RootSecret}" })
            info.ArgumentList.Add(arg);
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment.Remove("ASPNETCORE_URLS");
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[server] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, $"http://127.0.0.1:{port}", dataDirectory);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (process.HasExited) throw new InvalidOperationException($"tollgate exited with {process.ExitCode}");
            try
            {
                using var ready = await server._http.GetAsync(server.Url + "/health/ready");
                if (ready.StatusCode == HttpStatusCode.OK) { await server.LoginAsync(); return server; }
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("tollgate did not get ready");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task LoginAsync()
    {
        using var token = await TokenAsync(new Credentials("tollgate-root", RootSecret), null, null);
        _admin = token.RootElement.GetProperty("access_token").GetString();
    }

    /// <summary>An API, a gateway client allowed to introspect (it pulls the feed) and a service client granted read and write.</summary>
    public async Task<(Credentials Gateway, Credentials Service)> SetUpAsync()
    {
        await AdminAsync(HttpMethod.Post, "/admin/apis", new
        {
            identifier = Audience, name = "bench", scopes = new[] { new { value = "read:contacts" }, new { value = "write:contacts" } },
            token_format = "jwt", signing_alg = "RS256", access_token_lifetime = 3600,
        });
        var gateway = await ClientAsync("gateway", true);
        var service = await ClientAsync("service", false);
        await AdminAsync(HttpMethod.Post, "/admin/grants", new { client_id = service.ClientId, audience = Audience, scope = new[] { "read:contacts", "write:contacts" } });
        return (gateway, service);
    }

    private async Task<Credentials> ClientAsync(string name, bool introspect)
    {
        var client = await AdminAsync(HttpMethod.Post, "/admin/clients", new { client_name = name, token_endpoint_auth_method = "client_secret_basic", allow_introspection = introspect });
        return new Credentials(client.GetProperty("client_id").GetString()!, client.GetProperty("client_secret").GetString()!);
    }

    public async Task<JsonElement> AdminAsync(HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, Url + path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _admin);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonDocument> TokenAsync(Credentials client, string? audience, string? scope)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (audience is not null) form["audience"] = audience;
        if (scope is not null) form["scope"] = scope;
        using var request = new HttpRequestMessage(HttpMethod.Post, Url + "/oauth2/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = Basic(client);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    public async Task<string> AccessTokenAsync(Credentials client)
    {
        using var token = await TokenAsync(client, Audience, "read:contacts");
        return token.RootElement.GetProperty("access_token").GetString()!;
    }

    public async Task RevokeAsync(Credentials client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url + "/oauth2/revoke") { Content = new FormUrlEncodedContent([new("token", token)]) };
        request.Headers.Authorization = Basic(client);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private static AuthenticationHeaderValue Basic(Credentials c) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(c.ClientId)}:{Uri.EscapeDataString(c.ClientSecret)}")));

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited) Process.GetProcessById(_process.Id).Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
