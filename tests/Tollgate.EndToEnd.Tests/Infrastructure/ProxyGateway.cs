namespace Tollgate.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A gateway program (caddy, haproxy) running a deploy/ template as it is, configured by environment
/// variables, on a free loopback port in front of the contacts API; ready once its <c>/health</c>
/// (proxied to the API) answers 200. Stopped by its pid.
/// </summary>
public sealed class ProxyGateway : IAsyncDisposable
{
    private readonly ServiceProcess _process;

    private ProxyGateway(ServiceProcess process, int port)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(15) };
    }

    public HttpClient Http { get; }

    /// <summary>What the program printed (its log goes to stderr).</summary>
    public string Output => _process.RecentOutput;

    public static async Task<ProxyGateway> StartAsync(string name, string binary, IEnumerable<string> args, IDictionary<string, string> env, string directory, int port)
    {
        Directory.CreateDirectory(directory);
        var gateway = new ProxyGateway(ServiceProcess.Start(name, binary, args, env, directory), port);
        try
        {
            await gateway._process.WaitForHttpAsync($"http://127.0.0.1:{port}/health", timeoutSeconds: 30);
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
        return gateway;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }
}
