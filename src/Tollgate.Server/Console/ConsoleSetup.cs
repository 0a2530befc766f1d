using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.Extensions.DependencyInjection;

namespace Tollgate.Server.Console;

/// <summary>
/// The admin console under <see cref="ConsoleOptions.Path"/>: Razor Pages rendered on the server, one
/// stylesheet and one small script served from the binary (no CDN, no front-end build), strict security
/// headers on every answer. Its pages call the same core admin operations as <c>/admin</c>.
/// </summary>
public static class ConsoleSetup
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    [RequiresUnreferencedCode("Razor Pages discover and bind pages by reflection.")]
    [RequiresDynamicCode("Razor Pages compile expressions at run time.")]
    public static IServiceCollection AddTollgateConsole(this IServiceCollection services, ConsoleOptions options, IReadOnlyList<string> systemSecrets)
    {
        services.AddSingleton(options);
        if (!options.Enabled) return services;
        services.AddSingleton(new ConsoleCrypto(systemSecrets));
        services.AddSingleton<ConsoleSession>();
        services.AddSingleton<ConsoleSignIn>();
        services.AddSingleton<ConsoleQueries>();
        services.AddSingleton<DecisionTester>();
        services.AddSingleton<ConsoleActivity>();
        services.AddRazorPages(razor =>
        {
            razor.RootDirectory = "/Console/Pages";
            razor.Conventions.Add(new PrefixRoutes(options.Path.Trim('/')));
            // CSRF is checked by ConsolePage against tokens every node can verify (ConsoleCrypto), not by Data Protection.
            razor.Conventions.ConfigureFilter(new IgnoreAntiforgeryTokenAttribute());
        }).AddApplicationPart(typeof(ConsoleSetup).Assembly);
        return services;
    }

    [RequiresUnreferencedCode("Razor Pages discover and bind pages by reflection.")]
    [RequiresDynamicCode("Razor Pages compile expressions at run time.")]
    public static WebApplication MapTollgateConsole(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<ConsoleOptions>();
        if (!options.Enabled) return app;
        app.Services.GetRequiredService<ConsoleActivity>();   // listening from the start, not from the first visit
        var path = new PathString(options.Path);
        app.UseWhen(context => context.Request.Path.StartsWithSegments(path), branch => branch.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers.CacheControl = "no-store";
            return next(context);
        }));
        app.MapRazorPages();
        ConsoleAssets.Map(app, options.Path);
        return app;
    }

    /// <summary>Every page's route under the console's path.</summary>
    private sealed class PrefixRoutes(string prefix) : IPageRouteModelConvention
    {
        public void Apply(PageRouteModel model)
        {
            foreach (var selector in model.Selectors)
                if (selector.AttributeRouteModel is { } route)
                    route.Template = AttributeRouteModel.CombineTemplates(prefix, route.Template);
        }
    }
}
