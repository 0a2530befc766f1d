using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tollgate.Client.Tests.Infrastructure;

/// <summary>
/// An API on a real Kestrel port that records the bearer token of each call and answers 401 to
/// the tokens in <see cref="Refused"/> (as an API does to a revoked token), 200 otherwise.
/// </summary>
public sealed class TestApi : IAsyncLifetime
{
    private WebApplication? _app;

    public ConcurrentQueue<string?> Tokens { get; } = new();
    public ConcurrentDictionary<string, bool> Refused { get; } = new();
    public ConcurrentQueue<string> Bodies { get; } = new();
    /// <summary>The <c>DPoP</c> header of each call (null when none came).</summary>
    public ConcurrentQueue<string?> DpopHeaders { get; } = new();
    /// <summary>Refuse every token (a 401 the retry cannot cure).</summary>
    public volatile bool RefuseAll;
    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapMethods("/{**path}", ["GET", "POST"], async (HttpContext context) =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : null;
            Tokens.Enqueue(token);
            DpopHeaders.Enqueue(context.Request.Headers["DPoP"].FirstOrDefault());
            using var reader = new StreamReader(context.Request.Body);
            Bodies.Enqueue(await reader.ReadToEndAsync());
            if (token is null || RefuseAll || Refused.ContainsKey(token))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                return Results.StatusCode(401);
            }
            return Results.Text("ok");
        });
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
