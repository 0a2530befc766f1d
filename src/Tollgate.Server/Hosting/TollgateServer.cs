using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Core.Catalog;
using Tollgate.Core.Startup;
using Tollgate.Core.Storage;
using Tollgate.Server.Admin;
using Tollgate.Server.Decisions;
using Tollgate.Server.Console;
using Tollgate.Server.Discovery;
using Tollgate.Server.Health;
using Tollgate.Server.OAuth;
using Tollgate.Server.Policies;
using Tollgate.Server.Telemetry;

namespace Tollgate.Server.Hosting;

/// <summary>Wires the authorization server into an ASP.NET Core application.</summary>
public static partial class TollgateServer
{
    /// <summary>Registers Tollgate's services; throws listing every configuration error.</summary>
    public static WebApplicationBuilder AddTollgate(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TollgateOptions.Section).Get<TollgateOptions>() ?? new TollgateOptions();
        // The token handler's issuer and introspection are the server itself (EmbeddedAuthorizers), so only its own settings are judged.
        var errors = options.Validate()
            .Concat(options.Decisions.TokenHandler?.Validate("Tollgate:Decisions:TokenHandler") ?? [])
            .Concat(Telemetry.TelemetrySetup.Validate(builder.Configuration)).ToList();
        if (errors.Count > 0) throw new OptionsValidationException(TollgateOptions.Section, typeof(TollgateOptions), [.. errors.Select(e => e.ToString())]);

        var services = builder.Services;
        builder.AddTollgateTelemetry("tollgate");
        services.AddSingleton<Telemetry.ServerGauges>();
        var data = new DataDirectory(options.DataDirectory);
        data.Ensure();
        var systemSecrets = options.Secrets.System.Count > 0 ? options.Secrets.System : [data.ReadOrCreateSystemSecret()];

        services.AddSingleton(options);
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(data);
        services.TryAddSingletonTime();
        var auditChain = new Core.Audit.AuditChain(systemSecrets);
        services.AddSingleton(auditChain);
        // The parts, each in its own area (docs/architecture.md, "Start-up composition").
        services.AddTollgateStorage(options.Storage, data, auditChain);
        services.AddTollgateCore(options, systemSecrets);
        services.AddTollgateHousekeeping(options.Audit);
        builder.AddTollgateOAuth(options, systemSecrets);
        services.AddTollgateAdmin();
        services.AddTollgatePolicies();
        services.AddTollgateDecisions(options.Decisions);

        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DictionaryKeyPolicy = null;
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ServerJson.Default);
        });
        services.AddProblemDetails();
        services.AddTollgateForwardedHeaders(options.ForwardedHeaders);
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        services.AddTollgateOpenApi();
        services.AddTollgateHealth();
        AddConsole(services, options.Console, systemSecrets);
        return builder;
    }

    private static void TryAddSingletonTime(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider))) services.AddSingleton(TimeProvider.System);
    }

    /// <summary>Creates or migrates the database and brings keys, catalog and root client into place.</summary>
    public static async Task InitializeTollgateAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var services = app.Services;
        var options = services.GetRequiredService<TollgateOptions>();
        var db = services.GetRequiredService<IStorageDatabase>();
        await db.MigrateAsync(cancellationToken);
        // Where the change feed is followed from: its end before anything is loaded, so no change falls between.
        if (services.GetService<ClusterSync>() is { } sync) await sync.StartAtLatestAsync(cancellationToken);

        var generated = await services.GetRequiredService<Bootstrapper>()
            .RunAsync(new RootClientSettings(options.Bootstrap.RootClientId, options.Bootstrap.RootClientSecret), cancellationToken);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Tollgate");
        var data = services.GetRequiredService<DataDirectory>();
        if (generated is not null)
        {
            data.WriteRootCredentials(options.Bootstrap.RootClientId, generated);
            LogRootCredentialsWritten(logger, options.Bootstrap.RootClientId, data.RootCredentialsPath);
        }
        LogStarted(logger, db.Description);
    }

    /// <summary>Maps every Tollgate endpoint.</summary>
    public static WebApplication MapTollgate(this WebApplication app)
    {
        app.UseTollgateMtlsHeader();   // first: it must see the proxy's own address
        app.UseTollgateForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapPost("/oauth2/token", TokenEndpoint.HandleAsync).WithTags("OAuth").DisableAntiforgery();
        app.MapPost("/oauth2/introspect", IntrospectionEndpoint.HandleAsync).WithTags("OAuth");
        app.MapPost("/oauth2/revoke", RevocationEndpoint.HandleAsync).WithTags("OAuth");
        app.MapGet("/revocations", RevocationFeedEndpoint.HandleAsync).WithTags("Gateway feeds");
        app.MapGet("/routes", Routes.RoutesFeedEndpoint.HandleAsync).WithTags("Gateway feeds");
        app.MapGet("/policies", Policies.PoliciesFeedEndpoint.HandleAsync).WithTags("Gateway feeds");
        app.MapPost("/warden/token/allowed", Policies.WardenEndpoints.TokenAllowedAsync).WithTags("Warden");
        app.MapPost("/warden/allowed", Policies.WardenEndpoints.SubjectAllowedAsync).WithTags("Warden");
        var options = app.Services.GetRequiredService<TollgateOptions>();
        if (!string.IsNullOrEmpty(options.Decisions.Path))
            Decisions.DecisionEndpoint.Map(app, options.Decisions.Path);
        MapMethodNotAllowed(app, "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke", "/warden/token/allowed", "/warden/allowed");
        app.MapDiscovery();
        app.MapHealth();
        app.MapAdmin();
        if (app.Services.GetRequiredService<Telemetry.MetricsOptions>().Enabled) app.Services.GetRequiredService<Telemetry.ServerGauges>();
        app.MapTollgateMetrics(AuthorizeScrapeAsync);
        MapConsole(app);
        app.MapOpenApi("/openapi/{documentName}.json");
        if (!string.IsNullOrEmpty(options.ApiReferencePath)) MapApiReference(app, options.ApiReferencePath);
        return app;
    }

    private const string SwitchedOff = "Only where ServerFeatures says the part is supported: the native build switches it off, and the compiler removes the call.";

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = SwitchedOff)]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = SwitchedOff)]
    private static void AddConsole(IServiceCollection services, ConsoleOptions options, IReadOnlyList<string> systemSecrets)
    {
        if (ServerFeatures.ConsoleSupported) services.AddTollgateConsole(options, systemSecrets);
        else services.AddSingleton(new ConsoleOptions { Enabled = false });   // the native executable has no console
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = SwitchedOff)]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = SwitchedOff)]
    private static void MapConsole(WebApplication app)
    {
        if (ServerFeatures.ConsoleSupported) app.MapTollgateConsole();
    }

    /// <summary>Swagger UI from NSwag.AspNetCore: its assets are embedded in the package, so the page works offline (no CDN). Not in the native executable.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = SwitchedOff)]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = SwitchedOff)]
    private static void MapApiReference(WebApplication app, string path)
    {
        if (!ServerFeatures.ApiReferenceSupported) return;
        app.UseSwaggerUi(ui =>
        {
            ui.Path = path;
            ui.SwaggerRoutes.Add(new NSwag.AspNetCore.SwaggerUiRoute("Tollgate", "/openapi/v1.json"));
            ui.OAuth2Client = new NSwag.AspNetCore.OAuth2ClientSettings { ClientId = "", ClientSecret = "", AppName = "Tollgate" };   // no placeholder credentials in the page
            ui.DocumentTitle = "Tollgate API reference";
            ui.ValidateSpecification = false;   // the default would send the document to an online validator
        });
    }

    /// <summary><c>/metrics</c> on the main port: the same admin token as <c>/admin</c>.</summary>
    private static async ValueTask<bool> AuthorizeScrapeAsync(HttpContext context)
    {
        if (await AdminEndpoints.CheckAdminTokenAsync(context) is not { } refusal) return true;
        await refusal.ExecuteAsync(context);
        return false;
    }

    /// <summary>OAuth endpoints answer other methods with 405 and an RFC 6749 error body.</summary>
    private static void MapMethodNotAllowed(IEndpointRouteBuilder app, params string[] paths)
    {
        foreach (var path in paths)
            app.MapMethods(path, ["GET", "PUT", "DELETE", "PATCH"], (HttpContext context) =>
            {
                context.Response.Headers.Allow = "POST";
                return Results.Json(new Dictionary<string, string> { ["error"] = "invalid_request", ["error_description"] = "Use POST." },
                    ServerJson.Default.DictionaryStringString, statusCode: StatusCodes.Status405MethodNotAllowed);
            }).ExcludeFromDescription();
    }

    [LoggerMessage(EventId = LogEvents.RootCredentialsWritten, Level = LogLevel.Warning,
        Message = "Generated credentials for root admin client {ClientId}, written to {Path} (readable by the owner only). Set Tollgate__Bootstrap__RootClientSecret to choose your own.")]
    private static partial void LogRootCredentialsWritten(ILogger logger, string clientId, string path);

    [LoggerMessage(EventId = LogEvents.ServerStarted, Level = LogLevel.Information, Message = "Tollgate ready; database {Database}")]
    private static partial void LogStarted(ILogger logger, string database);
}
