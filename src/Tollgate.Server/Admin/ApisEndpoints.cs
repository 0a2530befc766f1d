using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Core.Admin;

namespace Tollgate.Server.Admin;

/// <summary><c>/admin/apis</c>: resource servers. <c>{id}</c> is the API's id or its identifier (URL-encoded).</summary>
public static class ApisEndpoints
{
    public static RouteGroupBuilder MapApis(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/apis").WithTags("APIs");
        group.MapPost("/", Create).Accepts<ApiRequest>("application/json").Produces<ApiResponse>(StatusCodes.Status201Created);
        group.MapGet("/", List).Produces<ListResponse<ApiResponse>>();
        group.MapGet("/{id}", Get).Produces<ApiResponse>();
        group.MapPatch("/{id}", Update).Accepts<ApiRequest>("application/json").Produces<ApiResponse>();
        group.MapDelete("/{id}", Delete).Produces(StatusCodes.Status204NoContent);
        return group;
    }

    private static async Task<IResult> Create(HttpContext context, ApiAdmin apis)
    {
        var (body, problem) = await JsonBody.ReadAsync<ApiRequest>(context);
        if (problem is not null) return problem;
        return AdminResults.From(await apis.CreateAsync(body!.ToDraft(), AdminCaller.Of(context).Actor, context.RequestAborted), ApiResponse.From, a => $"/admin/apis/{a.Id}");
    }

    private static async Task<IResult> List(ApiAdmin apis, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var (page, problem) = AdminResults.Paging(limit, cursor);
        return problem ?? AdminResults.List(await apis.ListAsync(page!, cancellationToken), ApiResponse.From);
    }

    /// <summary>Routing keeps <c>%2F</c> encoded in a segment; an identifier such as https://x/y arrives that way.</summary>
    private static string Key(string id) => Uri.UnescapeDataString(id);

    private static IResult Get(string id, ApiAdmin apis)
        => apis.Find(Key(id)) is { } api ? Results.Ok(ApiResponse.From(api)) : AdminResults.NotFound($"API '{id}'");

    private static async Task<IResult> Update(string id, HttpContext context, ApiAdmin apis)
    {
        var (body, problem) = await JsonBody.ReadAsync<ApiRequest>(context);
        if (problem is not null) return problem;
        return AdminResults.From(await apis.UpdateAsync(Key(id), body!.ToDraft(), AdminCaller.Of(context).Actor, context.RequestAborted), ApiResponse.From);
    }

    private static async Task<IResult> Delete(string id, HttpContext context, ApiAdmin apis, CancellationToken cancellationToken)
    {
        var result = await apis.DeleteAsync(Key(id), AdminCaller.Of(context).Actor, cancellationToken);
        return result.Outcome == AdminOutcome.Ok ? Results.NoContent() : AdminResults.From(result, ApiResponse.From);
    }
}
