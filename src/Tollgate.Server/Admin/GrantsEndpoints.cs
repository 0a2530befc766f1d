using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Core.Admin;

namespace Tollgate.Server.Admin;

/// <summary><c>/admin/grants</c>: which client may get which scopes of which API (Auth0's client grants).</summary>
public static class GrantsEndpoints
{
    public static RouteGroupBuilder MapGrants(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/grants").WithTags("Grants");
        group.MapPost("/", Create).Accepts<GrantRequest>("application/json").Produces<GrantResponse>(StatusCodes.Status201Created);
        group.MapGet("/", List).Produces<ListResponse<GrantResponse>>();
        group.MapGet("/{id}", Get).Produces<GrantResponse>();
        group.MapPatch("/{id}", Update).Accepts<GrantRequest>("application/json").Produces<GrantResponse>();
        group.MapDelete("/{id}", Delete).Produces(StatusCodes.Status204NoContent);
        return group;
    }

    private static async Task<IResult> Create(HttpContext context, GrantAdmin grants)
    {
        var (body, problem) = await JsonBody.ReadAsync<GrantRequest>(context);
        if (problem is not null) return problem;
        return AdminResults.From(await grants.CreateAsync(body!.ToDraft(), AdminCaller.Of(context).Actor, context.RequestAborted), GrantResponse.From, g => $"/admin/grants/{g.Id}");
    }

    private static async Task<IResult> List(GrantAdmin grants, int? limit, string? cursor, string? client_id, string? audience, CancellationToken cancellationToken)
    {
        var (page, problem) = AdminResults.Paging(limit, cursor);
        return problem ?? AdminResults.List(await grants.ListAsync(page!, client_id, audience, cancellationToken), GrantResponse.From);
    }

    private static IResult Get(string id, GrantAdmin grants)
        => grants.Find(id) is { } grant ? Results.Ok(GrantResponse.From(grant)) : AdminResults.NotFound($"grant '{id}'");

    private static async Task<IResult> Update(string id, HttpContext context, GrantAdmin grants)
    {
        var (body, problem) = await JsonBody.ReadAsync<GrantRequest>(context);
        if (problem is not null) return problem;
        return AdminResults.From(await grants.UpdateAsync(id, body!.ToDraft(), AdminCaller.Of(context).Actor, context.RequestAborted), GrantResponse.From);
    }

    private static async Task<IResult> Delete(string id, HttpContext context, GrantAdmin grants, CancellationToken cancellationToken)
    {
        var result = await grants.DeleteAsync(id, AdminCaller.Of(context).Actor, cancellationToken);
        return result.Outcome == AdminOutcome.Ok ? Results.NoContent() : AdminResults.From(result, GrantResponse.From);
    }
}
