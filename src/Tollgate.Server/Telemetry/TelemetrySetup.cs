using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Tollgate.Authorizer.Telemetry;

namespace Tollgate.Server.Telemetry;

/// <summary>
/// OpenTelemetry for <c>serve</c> and <c>gateway</c>: the meters <c>Tollgate.Server</c> and
/// <c>Tollgate.Authorizer</c> to a Prometheus scrape endpoint, and the ActivitySource <c>Tollgate</c> (with
/// ASP.NET Core's request spans as parents) to OTLP. Neither is registered when off, so nothing listens.
/// </summary>
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    /// <summary>Every problem with the two sections, for the host's start-up errors.</summary>
    public static IEnumerable<Authorizer.Configuration.ValidationError> Validate(IConfiguration configuration)
        => Metrics(configuration).Validate().Concat(Tracing(configuration).Validate());

    public static void AddTollgateTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        var metrics = Metrics(builder.Configuration);
        var tracing = Tracing(builder.Configuration);
        var services = builder.Services;
        services.AddMetrics();
        services.TryAddSingleton<ServerMetrics>();
        services.AddSingleton(metrics);
        if (!metrics.Enabled && string.IsNullOrEmpty(tracing.OtlpEndpoint)) return;

        var otel = services.AddOpenTelemetry().ConfigureResource(r => r.AddService(serviceName));
        if (metrics.Enabled)
        {
            otel.WithMetrics(m => m.AddMeter(ServerMetrics.MeterName, AuthorizerMetrics.MeterName)
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));   // a scrape sees the counters as they are
            if (metrics.Port is not null) services.AddHostedService<MetricsListener>();
        }
        if (tracing.OtlpEndpoint is { Length: > 0 } endpoint)
            otel.WithTracing(t => t.AddSource(AuthorizerTracing.SourceName).AddAspNetCoreInstrumentation(o => o.RecordException = false).AddOtlpExporter(o =>
            {
                o.Endpoint = new Uri(endpoint);
                o.Protocol = tracing.Protocol == "http" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            }));
    }

    /// <summary>
    /// Maps <c>/metrics</c> on the main listener unless metrics are off or on their own port;
    /// <paramref name="authorize"/> (the admin token on <c>serve</c>) answers a refused scrape itself and returns false.
    /// </summary>
    public static void MapTollgateMetrics(this WebApplication app, Func<HttpContext, ValueTask<bool>>? authorize)
    {
        var options = app.Services.GetRequiredService<MetricsOptions>();
        if (!options.Enabled || options.Port is not null) return;
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: authorize is null ? null : branch =>
            branch.Use(async (context, next) =>
            {
                if (await authorize(context)) await next(context);
            }), optionsName: null).ExcludeFromDescription();
    }

    private static MetricsOptions Metrics(IConfiguration configuration) => configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new();

    private static TracingOptions Tracing(IConfiguration configuration) => configuration.GetSection(TracingOptions.Section).Get<TracingOptions>() ?? new();
}
