using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Core.Admin;
using Tollgate.Server.Routes;

namespace Tollgate.Server.Admin;

/// <summary>
/// <c>/admin/apis/{id}/routes</c>: the API's route rules (method + path → required scopes), as one
/// document replaced whole. Running authorizers pick a change up on their next poll.
/// </summary>
public static class RoutesEndpoints
{
    private const int MaxBytes = 4 * 1024 * 1024;

    public static RouteGroupBuilder MapRoutes(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/apis/{id}/routes").WithTags("APIs");
        group.MapGet("/", Get).Produces(StatusCodes.Status200OK, contentType: "application/json");
        group.MapPut("/", Put).Accepts<object>("application/json").Produces(StatusCodes.Status200OK, contentType: "application/json");
        return group;
    }

    private static IResult Get(string id, ApiAdmin apis)
        => apis.Find(Uri.UnescapeDataString(id)) is { } api
            ? Results.Text(api.Routes ?? RouteDocuments.Empty, "application/json")
            : AdminResults.NotFound($"API '{id}'");

    private static async Task<IResult> Put(string id, HttpContext context, ApiAdmin apis)
    {
        if (apis.Find(Uri.UnescapeDataString(id)) is not { } api) return AdminResults.NotFound($"API '{id}'");
        if (context.Request.ContentType?.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase) != true)
            return Results.Problem(title: "Unsupported media type", detail: "The body must be application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        if (context.Request.ContentLength > MaxBytes)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["$"] = [$"The body is larger than {MaxBytes} bytes."] });

        using var reader = new StreamReader(context.Request.Body);
        var json = await reader.ReadToEndAsync(context.RequestAborted);
        var errors = RouteDocuments.Validate(api, json);
        if (errors.Count > 0) return Results.ValidationProblem(RouteDocuments.ByField(errors));
        var result = await apis.SetRoutesAsync(api.Id, json, AdminCaller.Of(context).Actor, context.RequestAborted);
        return result.Outcome == AdminOutcome.Ok ? Results.Text(json, "application/json") : AdminResults.From(result, a => a.Id);
    }
}
