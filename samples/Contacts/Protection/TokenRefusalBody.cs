using Tollgate.AspNetCore;
using Tollgate.Authorizer.Decisions;

namespace Contacts.Protection;

/// <summary>
/// Gives Tollgate.AspNetCore's bare 401 and 403 (status and <c>WWW-Authenticate</c> only) the JSON
/// body the nginx gateway sends (deploy/nginx), so a caller sees one contract in both protection modes:
/// <c>{"error":"invalid_token","error_description":"expired"}</c>,
/// <c>{"error":"insufficient_scope","error_description":"...","scope":"write:contacts"}</c>.
/// Answers that already have a body (the API's own ProblemDetails) are left alone.
/// </summary>
public sealed class TokenRefusalBody(RequestDelegate next)
{
    private const string NoValidToken = "The access token is missing, invalid, expired or revoked.";
    private const string NotEnoughScope = "The access token does not carry the scope this request needs.";

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var response = context.Response;
        if (response.HasStarted || response.ContentType is not null || response.StatusCode is not (401 or 403)) return;
        var decision = context.Items[TollgateDefaults.DecisionItem] as Decision;
        response.Headers.CacheControl = "no-store";
        if (response.StatusCode == 401)
        {
            var reason = decision is { Kind: DecisionKind.Unauthorized } d && d.Reason != ReasonCodes.MissingToken ? d.Reason : NoValidToken;
            await response.WriteAsJsonAsync(new { error = "invalid_token", error_description = reason });
        }
        else
        {
            var scope = string.Join(' ', decision?.RequiredScopes ?? []);
            await response.WriteAsJsonAsync(new { error = "insufficient_scope", error_description = NotEnoughScope, scope });
        }
    }
}
