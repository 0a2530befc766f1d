using Contacts.Hosting;
using Tollgate.AspNetCore;

namespace Contacts.Protection;

/// <summary>
/// <see cref="ProtectionMode.Tollgate"/>: Tollgate.AspNetCore validates every <c>/contacts</c> request's
/// token (JWT against the server's keys, or introspection for opaque tokens), refuses revoked ones
/// within the revocation feed's interval, and enforces the route rules the server keeps for
/// <c>Contacts:Tollgate:Audience</c>, pulled every <c>RulesInterval</c>. No attribute on any endpoint.
/// </summary>
public static class TollgateProtection
{
    /// <summary>The configuration section bound to <see cref="TollgateAuthenticationOptions"/>.</summary>
    public const string Section = ContactsOptions.Section + ":Tollgate";

    public static void AddTollgateProtection(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(Section);
        CheckSettings(section);
        builder.Services.AddAuthentication(TollgateDefaults.AuthenticationScheme).AddTollgate(o =>
        {
            section.Bind(o);
            o.UseRouteRules = true; // the sample's rules live on the server; endpoints carry no attribute
        });
    }

    /// <summary>
    /// The settings this mode needs, every missing one listed with the name a user types, before the
    /// host is built (the engine's own check later names its option properties, not these keys).
    /// </summary>
    private static void CheckSettings(IConfigurationSection section)
    {
        var o = new TollgateAuthenticationOptions();
        section.Bind(o);
        var errors = new List<string>();
        if (!Uri.TryCreate(o.Authority, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            errors.Add($"{Section}:Authority must be the Tollgate server's issuer URL (http(s)://...)");
        if (string.IsNullOrWhiteSpace(o.Audience)) errors.Add($"{Section}:Audience must be this API's identifier on the Tollgate server");
        if (string.IsNullOrWhiteSpace(o.ClientId) || string.IsNullOrWhiteSpace(o.ClientSecret))
            errors.Add($"{Section}:ClientId and {Section}:ClientSecret must name a Tollgate client with allow_introspection (route rules, revocation feed)");
        if (errors.Count > 0) throw new InvalidOperationException($"Contacts:Protection=Tollgate: {string.Join("; ", errors)}.");
    }

    /// <summary>Only <c>/contacts</c> is guarded, as behind nginx; <c>/health</c> stays open.</summary>
    public static void UseTollgateProtection(this WebApplication app)
        => app.UseWhen(c => c.Request.Path.StartsWithSegments("/contacts"), branch =>
        {
            branch.UseMiddleware<TokenRefusalBody>();
            branch.UseAuthentication();      // HttpContext.User for CallerIdentity
            branch.UseTollgateRouteRules();  // 401 / 403 by the server's rules before any endpoint runs
        });
}
