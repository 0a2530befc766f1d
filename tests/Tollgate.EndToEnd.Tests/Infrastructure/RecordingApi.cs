using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tollgate.EndToEnd.Tests.Infrastructure;

/// <summary>One request as an upstream API received it from nginx: method, path and headers.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// An upstream on a loopback Kestrel port that answers every <c>/contacts</c> request 200 <c>{}</c>
/// and records what arrived, so a test sees exactly the headers nginx sent the API (the cookie
/// must be gone, the forwarded JWT there).
/// </summary>
public sealed class RecordingApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    private RecordingApi(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }
    public IReadOnlyCollection<ReceivedRequest> Received => _received;

    public static async Task<RecordingApi> StartAsync()
    {
        var port = ServiceProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new RecordingApi(app, port);
        app.Map("/{**path}", (HttpContext context) =>
        {
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            api._received.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path, headers));
            return Results.Json(new { });
        });
        await app.StartAsync();
        return api;
    }

    /// <summary>What arrived for <paramref name="path"/> since <paramref name="before"/> requests had been recorded.</summary>
    public ReceivedRequest[] Since(int before, string path) => [.. _received.Skip(before).Where(r => r.Path == path)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
