using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Server.OAuth;

namespace Tollgate.Server.Admin;

/// <summary>The admin API under <c>/admin</c>: bearer token with audience and scope <c>tollgate:admin</c>.</summary>
public static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter(RequireAdminToken)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapApis();
        admin.MapRoutes();
        admin.MapClients();
        admin.MapClientSecrets();
        admin.MapGrants();
        admin.MapPolicies();
        admin.MapKeys();
        admin.MapRevocations();
        admin.MapAudit();
        return admin;
    }

    private static async ValueTask<object?> RequireAdminToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        => await CheckAdminTokenAsync(context.HttpContext) is { } refusal ? refusal : await next(context);

    /// <summary>
    /// Null when the request carries a valid admin token (its caller is remembered: <see cref="AdminCaller"/>), else the
    /// 401 or 403 answer. Also guards <c>/metrics</c> on <c>serve</c>.
    /// </summary>
    public static async ValueTask<IResult?> CheckAdminTokenAsync(HttpContext http)
    {
        var checker = http.RequestServices.GetService(typeof(AdminToken)) as AdminToken;
        var (status, claims) = await checker!.CheckAsync(http.Request.Headers.Authorization.ToString() is { Length: > 0 } h ? h : null, http.RequestAborted);
        switch (status)
        {
            case AdminTokenStatus.Valid:
                AdminCaller.Remember(http, claims!);
                return null;
            case AdminTokenStatus.InsufficientScope:
                http.Response.Headers.WWWAuthenticate = "Bearer realm=\"tollgate\", error=\"insufficient_scope\", scope=\"tollgate:admin\"";
                return Results.Problem(title: "Forbidden", detail: "The token lacks audience and scope tollgate:admin.", statusCode: StatusCodes.Status403Forbidden);
            default:
                http.Response.Headers.WWWAuthenticate = "Bearer realm=\"tollgate\", error=\"invalid_token\"";
                return Results.Problem(title: "Unauthorized", detail: "A valid bearer token with scope tollgate:admin is required.", statusCode: StatusCodes.Status401Unauthorized);
        }
    }
}
