using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tollgate.Authorizer.Tests.Support;

/// <summary>
/// A real loopback HTTP issuer: OIDC discovery, a JWKS whose keys tests change, an optional
/// introspection handler. Counts requests per path; can go down (503).
/// </summary>
public sealed class JwksServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Lock _lock = new();
    private readonly List<string> _jwks = [];
    private readonly Dictionary<string, int> _hits = new();
    private readonly Task _loop;

    public JwksServer(bool openIdDiscovery = true)
    {
        OpenIdDiscovery = openIdDiscovery;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Issuer = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Issuer + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Issuer { get; }
    public string JwksUri => Issuer + "/jwks";
    public bool OpenIdDiscovery { get; set; }
    public bool Down { get; set; }
    /// <summary>Answers POST /oauth2/introspect: form body in, (status, JSON) out.</summary>
    public Func<string, string?, (int Status, string Body)>? Introspect { get; set; }

    public void Publish(params string[] publicJwks) { lock (_lock) { _jwks.Clear(); _jwks.AddRange(publicJwks); } }

    public int Hits(string path) { lock (_lock) return _hits.GetValueOrDefault(path); }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => Answer(context));
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        lock (_lock) _hits[path] = _hits.GetValueOrDefault(path) + 1;
        var (status, body) = Down ? (503, "{}") : Route(context.Request, path);
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        context.Response.OutputStream.Write(bytes);
        context.Response.Close();
    }

    private (int, string) Route(HttpListenerRequest request, string path)
    {
        switch (path)
        {
            case "/.well-known/openid-configuration" when OpenIdDiscovery:
            case "/.well-known/oauth-authorization-server":
                return (200, $"{{\"issuer\":\"{Issuer}\",\"jwks_uri\":\"{JwksUri}\",\"introspection_endpoint\":\"{Issuer}/oauth2/introspect\"}}");
            case "/jwks":
                lock (_lock) return (200, "{\"keys\":[" + string.Join(',', _jwks) + "]}");
            case "/oauth2/introspect" when Introspect is not null && request.HttpMethod == "POST":
                using (var reader = new StreamReader(request.InputStream)) return Introspect(reader.ReadToEnd(), request.Headers["Authorization"]);
            default:
                return (404, "{}");
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
