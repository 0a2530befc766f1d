using System.Net;
using System.Text;
using Tollgate.Core.Keys;
using Tollgate.Core.Tokens;

namespace Tollgate.Aws.Tests.TestSupport;

/// <summary>
/// An issuer's JWKS on a loopback port (<c>http://127.0.0.1:port/jwks</c>, which the adapter accepts for localhost) for
/// the real-process tests, and RS256 access tokens signed by <see cref="EngineHarness.Signer"/>. Counts the fetches.
/// </summary>
public sealed class LoopbackJwks : IDisposable
{
    private readonly HttpListener _listener = new();
    private int _fetches;

    public LoopbackJwks()
    {
        Port = FakeRuntimeApi.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }
    public string Uri => $"http://127.0.0.1:{Port}/jwks";
    public int Fetches => Volatile.Read(ref _fetches);

    public static string Token(string audience, string scope, TimeSpan? expiresIn = null)
    {
        var now = DateTimeOffset.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(5));
        return JwtWriter.WriteAccessToken(EngineHarness.Signer, new AccessTokenClaims(EngineHarness.Issuer, "svc-read", audience, scope,
            expires < now ? expires.AddMinutes(-5) : now, expires, Guid.NewGuid().ToString("N")));
    }

    private async Task ServeAsync()
    {
        var body = Encoding.UTF8.GetBytes("{\"keys\":[" + EngineHarness.Signer.PublicJwk + "]}");
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            Interlocked.Increment(ref _fetches);
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
