using Microsoft.AspNetCore.Http;
using Tollgate.Core.OAuth;
using Tollgate.Server.OAuth;

namespace Tollgate.Server.Policies;

/// <summary>
/// <c>GET /policies</c>: every policy, as the engine's policies document, for authorizers that run
/// apart from the server (<c>tollgate gateway</c>, the Lambda authorizer). Callers authenticate as
/// for the routes feed. Conditional: <c>If-None-Match</c> with the current <c>ETag</c> is a 304.
/// </summary>
public static class PoliciesFeedEndpoint
{
    public static async Task HandleAsync(HttpContext context, ServerPolicies policies, ClientAuthenticator authenticator, AdminToken adminToken)
    {
        if (await GatewayCaller.AuthenticateAsync(context, new Dictionary<string, string>(), authenticator, adminToken) is null) return;
        var (document, etag) = policies.Document;
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
