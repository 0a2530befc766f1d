using Microsoft.AspNetCore.Http;
using Tollgate.Core.OAuth;
using Tollgate.Server.OAuth;

namespace Tollgate.Server.Routes;

/// <summary>
/// <c>GET /routes?audience={identifier}</c>: an API's route rules for authorizers that run apart from
/// the server (<c>tollgate gateway</c>). Conditional: <c>If-None-Match</c> with the current <c>ETag</c> is a 304.
/// </summary>
public static class RoutesFeedEndpoint
{
    public static async Task HandleAsync(HttpContext context, Core.Catalog.Catalog catalog, ClientAuthenticator authenticator, AdminToken adminToken)
    {
        if (await GatewayCaller.AuthenticateAsync(context, new Dictionary<string, string>(), authenticator, adminToken) is null) return;
        var audience = context.Request.Query["audience"].ToString();
        if (catalog.Current.FindApi(audience) is not { } api)
        {
            await OAuthResponses.WriteErrorAsync(context, OAuthError.InvalidTarget($"No API is registered with the identifier '{audience}'."), false);
            return;
        }
        var document = RouteDocuments.Served(api);
        var etag = RouteDocuments.ETag(document);
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(document);
    }
}
