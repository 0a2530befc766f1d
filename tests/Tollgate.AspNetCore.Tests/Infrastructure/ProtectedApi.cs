using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tollgate.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A contacts-like API on a TestServer protected by Tollgate.AspNetCore: by attributes
/// (<c>RequireScope</c>) or, with route rules, by the server's rules and no attribute at all.
/// </summary>
public sealed class ProtectedApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly AllLogs _logs;

    private ProtectedApi(WebApplication app, AllLogs logs)
    {
        _app = app;
        _logs = logs;
        Http = app.GetTestClient();
    }

    public HttpClient Http { get; }

    public static async Task<ProtectedApi> StartAsync(Action<TollgateAuthenticationOptions> configure)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var logs = new AllLogs();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        var options = new TollgateAuthenticationOptions();
        configure(options);
        builder.Services.AddAuthentication(TollgateDefaults.AuthenticationScheme).AddTollgate(configure);
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.UseRouting();
        if (options.UseRouteRules) app.UseTollgateRouteRules();
        app.UseAuthentication();
        app.UseAuthorization();
        if (options.UseRouteRules)
        {
            app.MapGet("/contacts", (HttpContext c) => $"contacts for {c.User.FindFirst("client_id")?.Value}");
            app.MapPost("/contacts", () => "created");
        }
        else
        {
            app.MapGet("/whoami", (HttpContext c) => c.User.FindFirst("client_id")?.Value).RequireAuthorization();
            app.MapGet("/contacts", (HttpContext c) => $"contacts for {c.User.FindFirst("client_id")?.Value}").RequireScope("read:contacts");
            app.MapPost("/contacts", () => "created").RequireScope("write:contacts");
        }
        await app.StartAsync();
        return new ProtectedApi(app, logs);
    }

    /// <summary>The log lines so far.</summary>
    public IReadOnlyList<string> LogLines => [.. _logs.Entries];

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
