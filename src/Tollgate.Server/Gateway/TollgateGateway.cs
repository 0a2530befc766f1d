using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Server.Decisions;
using Tollgate.Server.Hosting;
using Tollgate.Server.Telemetry;

namespace Tollgate.Server.Gateway;

/// <summary>Wires <c>tollgate gateway</c>: only the decision endpoint and health, engine fed by a remote server.</summary>
public static partial class TollgateGateway
{
    public static WebApplicationBuilder AddTollgateGateway(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        var forwarded = builder.Configuration.GetSection(Hosting.ForwardedHeadersSetup.Section).Get<Hosting.ForwardedHeadersSettings>() ?? new();
        var errors = options.Validate().Concat(forwarded.Validate()).Concat(Telemetry.TelemetrySetup.Validate(builder.Configuration)).ToList();
        if (errors.Count > 0) throw new OptionsValidationException(GatewayOptions.Section, typeof(GatewayOptions), [.. errors.Select(e => e.ToString())]);

        var services = builder.Services;
        services.AddSingleton(options);
        if (services.All(d => d.ServiceType != typeof(TimeProvider))) services.AddSingleton(TimeProvider.System);
        services.AddOutgoingHttp(OutgoingHttp.Gateway, timeout: TimeSpan.FromSeconds(10));
        services.AddSingleton<RemoteAuthorizers>();
        services.AddSingleton<IDecisionAuthorizers>(sp => sp.GetRequiredService<RemoteAuthorizers>());
        services.AddSingleton<RulesPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<RulesPoller>());
        services.AddHealthChecks();
        services.AddTollgateForwardedHeaders(forwarded);
        builder.AddTollgateTelemetry("tollgate-gateway");
        return builder;
    }

    public static WebApplication MapTollgateGateway(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<GatewayOptions>();
        app.UseTollgateForwardedHeaders();
        DecisionEndpoint.Map(app, options.Path);
        app.MapHealthChecks("/health/alive");
        app.MapHealthChecks("/health/ready");
        app.MapTollgateMetrics(authorize: null);   // no admin API here: open on the main port, or alone on Tollgate:Metrics:Port
        return app;
    }

    /// <summary>Fetches keys and rules before the gateway takes traffic; logs (does not fail) when the server is unreachable.</summary>
    public static async Task WarmUpGatewayAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tollgate.Gateway");
        _ = app.Services.GetService<OpenTelemetry.Metrics.MeterProvider>();   // listening before the warm-up, so its JWKS fetch is counted
        var keys = await app.Services.GetRequiredService<RemoteAuthorizers>().Authorizer.WarmUpAsync(cancellationToken);   // keys and the first revocation sync
        var rules = await app.Services.GetRequiredService<RulesPoller>().PollAsync(cancellationToken);
        if (!keys || !rules) LogNotReady(logger, keys, rules);
    }

    [LoggerMessage(EventId = LogEvents.GatewayNotReady, Level = LogLevel.Warning, Message = "Gateway started before reaching the server (keys: {Keys}, rules: {Rules}); refusing until it answers")]
    private static partial void LogNotReady(ILogger logger, bool keys, bool rules);
}
