using Microsoft.AspNetCore.Http;
using Tollgate.Core.Audit;

namespace Tollgate.Server.Admin;

/// <summary>
/// Who calls the admin API: the admin token's client id (put there by the admin filter once the
/// token checked out) and the connection's remote address (behind a trusted reverse proxy, the
/// forwarded-headers middleware has already replaced it with the forwarded client address).
/// </summary>
internal static class AdminActor
{
    private const string ItemKey = "tollgate.admin.client_id";

    public static void Remember(HttpContext context, string clientId) => context.Items[ItemKey] = clientId;

    public static AuditActor Of(HttpContext context)
        => new(context.Items[ItemKey] as string ?? throw new InvalidOperationException("admin endpoint reached without the admin filter"),
            context.Connection.RemoteIpAddress?.ToString());
}
