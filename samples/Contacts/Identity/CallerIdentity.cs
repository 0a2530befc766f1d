using Contacts.Hosting;
using Contacts.Protection;
using Microsoft.Extensions.Options;
using Tollgate.AspNetCore;

namespace Contacts.Identity;

/// <summary>
/// Who the caller is, by the sample's <see cref="ProtectionMode"/>: behind a gateway, the headers the
/// gateway (nginx + Tollgate) set after authorizing the request, overwriting any the caller sent;
/// protecting itself, the token Tollgate.AspNetCore validated (its <c>client_id</c> and scope claims),
/// and the headers are ignored. Bound as a handler parameter; nothing known gives nulls.
/// </summary>
public sealed record CallerIdentity(string? ClientId, string? Scopes, string Source)
{
    private const int MaxLength = 256;

    public static ValueTask<CallerIdentity?> BindAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<ContactsOptions>>().Value;
        return ValueTask.FromResult<CallerIdentity?>(options.Protection == ProtectionMode.Tollgate
            ? FromToken(context)
            : new CallerIdentity(Header(context, options.ClientIdHeader), Header(context, options.ScopesHeader), "gateway"));
    }

    private static CallerIdentity FromToken(HttpContext context)
    {
        if (context.User.Identity is not { IsAuthenticated: true }) return new CallerIdentity(null, null, "token");
        var scopes = context.User.FindAll(TollgateDefaults.ScopeClaim).Select(c => c.Value).ToArray();
        return new CallerIdentity(context.User.FindFirst("client_id")?.Value, scopes.Length > 0 ? string.Join(' ', scopes) : null, "token");
    }

    private static string? Header(HttpContext context, string name)
    {
        var value = context.Request.Headers[name].ToString().Trim();
        return value.Length is 0 or > MaxLength ? null : value;
    }
}
