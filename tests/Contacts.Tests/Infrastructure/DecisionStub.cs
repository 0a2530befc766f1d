using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Contacts.Tests.Infrastructure;

/// <summary>
/// Stands in for Tollgate's <c>GET /decisions</c> on a Kestrel loopback port, answering by the
/// bearer token it is shown (see the constants), and recording the last request it received.
/// </summary>
public sealed class DecisionStub : IAsyncDisposable
{
    public const string Writer = "stub-writer";              // 200, client svc-writer
    public const string Phantom = "stub-phantom";            // 200, plus X-Tollgate-Authorization
    public const string Expired = "stub-expired";            // 401 with an invalid_token challenge
    public const string NoChallenge = "stub-no-challenge";   // 401 without WWW-Authenticate
    public const string ReadOnly = "stub-read-only";         // 403 insufficient_scope
    public const string Broken = "stub-broken";              // 500
    public const string Injection = "stub-injection";        // 401 whose description would break JSON
    public const string Anonymous = "stub-anonymous";        // 200 without any X-Tollgate-* header (a misconfiguration)
    public const string PhantomJwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzdmMifQ.c2ln";
    public const string ExpiredChallenge = "Bearer error=\"invalid_token\", error_description=\"The access token expired.\"";
    public const string InjectionChallenge = "Bearer error=\"invalid_token\", error_description=\"x\\\", \\\"admin\\\": true, \\\"y\\\": \\\"\"";
    public const string ScopeChallenge = "Bearer error=\"insufficient_scope\", error_description=\"POST /contacts needs write:contacts.\", scope=\"write:contacts\"";

    private readonly WebApplication _app;
    private bool _stopped;

    private DecisionStub(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;
    public int Calls => _calls;
    private int _calls;

    /// <summary>Method, path, headers (lower-case names) and body length of the last decision request.</summary>
    public (string Method, string Path, IReadOnlyDictionary<string, string> Headers, long BodyLength)? Last { get; private set; }

    public static async Task<DecisionStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var stub = new DecisionStub(app);
        app.Map("/decisions", stub.DecideAsync);
        await app.StartAsync();
        stub.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return stub;
    }

    private async Task DecideAsync(HttpContext context)
    {
        Interlocked.Increment(ref _calls);
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        Last = (context.Request.Method, context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body.Length);

        var response = context.Response;
        var token = context.Request.Headers.Authorization.ToString() is var auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..] : "";
        switch (token)
        {
            case Writer or Phantom:
                response.StatusCode = 200;
                response.Headers["X-Tollgate-Client-Id"] = "svc-writer";
                response.Headers["X-Tollgate-Scopes"] = "read:contacts write:contacts";
                response.Headers["X-Tollgate-Jti"] = "jti-" + token;
                if (token == Phantom) response.Headers["X-Tollgate-Authorization"] = "Bearer " + PhantomJwt;
                break;
            case Anonymous:
                response.StatusCode = 200;
                break;
            case NoChallenge:
                response.StatusCode = 401;
                break;
            case ReadOnly:
                response.StatusCode = 403;
                response.Headers.WWWAuthenticate = ScopeChallenge;
                break;
            case Broken:
                response.StatusCode = 500;
                break;
            case Injection:
                response.StatusCode = 401;
                response.Headers.WWWAuthenticate = InjectionChallenge;
                break;
            default:
                response.StatusCode = 401;
                response.Headers.WWWAuthenticate = ExpiredChallenge;
                break;
        }
    }

    /// <summary>Stops listening: nginx then finds nothing at the decision port.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
