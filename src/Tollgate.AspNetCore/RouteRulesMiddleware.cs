using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Tollgate.Authorizer.Decisions;

namespace Tollgate.AspNetCore;

/// <summary>
/// Enforces the engine's route decision on every request, whatever the endpoint declares:
/// 401 for no or a bad token, 403 when the route's rule refuses the token, 429 (by the challenge) past the API's rate limit,
/// the next middleware otherwise.
/// </summary>
internal sealed class RouteRulesMiddleware(RequestDelegate next, string scheme)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await context.AuthenticateAsync(scheme);
        switch ((context.Items[TollgateDefaults.DecisionItem] as Decision)?.Kind)
        {
            case DecisionKind.Allow:
                await next(context);
                break;
            case DecisionKind.Forbidden:
                await context.ForbidAsync(scheme);
                break;
            default:   // Unauthorized, and TooManyRequests: the handler's challenge answers 429 with Retry-After
                await context.ChallengeAsync(scheme);
                break;
        }
    }
}
