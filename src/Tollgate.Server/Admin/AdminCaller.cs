using Microsoft.AspNetCore.Http;
using Tollgate.Core.Audit;
using Tollgate.Core.Tokens;

namespace Tollgate.Server.Admin;

/// <summary>
/// Who calls the admin API, as the admin filter (<see cref="AdminEndpoints"/>) found it once the
/// token checked out: the token's client id and granted scopes, and the connection's remote address
/// (behind a trusted reverse proxy, the forwarded-headers middleware has already replaced it with
/// the forwarded client address). Every admin operation reads it with <see cref="Of"/>.
/// </summary>
public sealed record AdminCaller(string ClientId, IReadOnlyList<string> Scopes, string? Address)
{
    private const string ItemKey = "tollgate.admin.caller";

    /// <summary>Who the audit trail names for a change this caller makes.</summary>
    public AuditActor Actor => new(ClientId, Address);

    public bool HasScope(string scope) => Scopes.Contains(scope, StringComparer.Ordinal);

    /// <summary>The caller of this admin request.</summary>
    /// <exception cref="InvalidOperationException">The request did not pass the admin filter (a bug).</exception>
    public static AdminCaller Of(HttpContext context)
        => context.Items[ItemKey] as AdminCaller ?? throw new InvalidOperationException("admin endpoint reached without the admin filter");

    /// <summary>The admin filter's step once <paramref name="claims"/> proved an admin token.</summary>
    internal static AdminCaller Remember(HttpContext context, AccessTokenClaims claims)
    {
        var caller = new AdminCaller(claims.ClientId, claims.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries), context.Connection.RemoteIpAddress?.ToString());
        context.Items[ItemKey] = caller;
        return caller;
    }
}
