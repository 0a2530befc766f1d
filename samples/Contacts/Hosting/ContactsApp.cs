using System.Text.Json;
using Contacts.Contacts;
using Contacts.Protection;
using Contacts.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Contacts.Hosting;

/// <summary>Wires the contacts API into a <see cref="WebApplication"/>; the program and the tests use the same three calls.</summary>
public static partial class ContactsApp
{
    public static WebApplicationBuilder AddContacts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var protection = ReadProtection(builder.Configuration);
        services.AddOptions<ContactsOptions>()
            .Bind(builder.Configuration.GetSection(ContactsOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Database), "Contacts:Database must name a file.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ClientIdHeader), "Contacts:ClientIdHeader must name a header.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ScopesHeader), "Contacts:ScopesHeader must name a header.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ContactStore(sp.GetRequiredService<IOptions<ContactsOptions>>().Value.Database));
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddProblemDetails();
        if (protection == ProtectionMode.Tollgate) builder.AddTollgateProtection();
        return builder;
    }

    /// <summary><c>Contacts:Protection</c>, read before the services are built because it decides which are added.</summary>
    private static ProtectionMode ReadProtection(IConfiguration configuration)
    {
        var text = configuration[$"{ContactsOptions.Section}:{nameof(ContactsOptions.Protection)}"];
        if (string.IsNullOrWhiteSpace(text)) return ProtectionMode.Gateway;
        return Enum.TryParse<ProtectionMode>(text.Trim(), ignoreCase: true, out var mode) && Enum.IsDefined(mode) && !char.IsDigit(text.Trim()[0])
            ? mode
            : throw new InvalidOperationException($"Contacts:Protection must be Gateway or Tollgate, not '{text}'.");
    }

    /// <summary>Creates the database file and table when missing.</summary>
    public static async Task InitializeContactsAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var store = app.Services.GetRequiredService<ContactStore>();
        await store.InitializeAsync(cancellationToken);
        LogStarted(app.Logger, store.Path, app.Services.GetRequiredService<IOptions<ContactsOptions>>().Value.Protection);
    }

    public static WebApplication MapContacts(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (app.Services.GetRequiredService<IOptions<ContactsOptions>>().Value.Protection == ProtectionMode.Tollgate) app.UseTollgateProtection();
        app.MapGet("/health", () => Results.Ok(new { status = "ok" })).WithTags("Health");
        app.MapContactsApi();
        return app;
    }

    [LoggerMessage(EventId = 10002, Level = LogLevel.Information, Message = "Contacts API started; database {Path}, protected by {Protection}")]
    private static partial void LogStarted(ILogger logger, string path, ProtectionMode protection);
}
