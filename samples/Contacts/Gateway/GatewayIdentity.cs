using Contacts.Hosting;
using Microsoft.Extensions.Options;

namespace Contacts.Gateway;

/// <summary>
/// Who the gateway says the caller is. The API does no token checks of its own: the gateway
/// (nginx + Tollgate) authorized the request and set these headers, overwriting any the caller sent.
/// Bound as a handler parameter; absent headers give nulls.
/// </summary>
public sealed record GatewayIdentity(string? ClientId, string? Scopes)
{
    private const int MaxLength = 256;

    public static ValueTask<GatewayIdentity?> BindAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<ContactsOptions>>().Value;
        return ValueTask.FromResult<GatewayIdentity?>(new GatewayIdentity(
            Header(context, options.ClientIdHeader), Header(context, options.ScopesHeader)));
    }

    private static string? Header(HttpContext context, string name)
    {
        var value = context.Request.Headers[name].ToString().Trim();
        return value.Length is 0 or > MaxLength ? null : value;
    }
}
