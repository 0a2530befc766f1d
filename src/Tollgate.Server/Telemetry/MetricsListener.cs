using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace Tollgate.Server.Telemetry;

/// <summary>
/// <c>Tollgate:Metrics:Port</c>: a second, bare Kestrel listener that serves only <c>/metrics</c> (open) from
/// the main application's meter provider, so the scrape port carries none of the application's endpoints.
/// </summary>
internal sealed class MetricsListener(MetricsOptions options, MeterProvider meters, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://*:{options.Port}");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint(TelemetrySetup.MetricsPath, meters, configureBranchedPipeline: null, optionsName: null);
        await app.StartAsync(cancellationToken);
        _app = app;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null) await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
