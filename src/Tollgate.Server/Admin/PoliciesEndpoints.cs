using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Core.Admin;
using Tollgate.Core.Policies;

namespace Tollgate.Server.Admin;

/// <summary>
/// <c>/admin/policies</c>: Ladon-style policies (subjects, effect, actions, resources, conditions).
/// Checked by the decision engine before they are stored; live on the next request on every node.
/// </summary>
public static class PoliciesEndpoints
{
    public static RouteGroupBuilder MapPolicies(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/policies").WithTags("Policies");
        group.MapPost("/", Create).Accepts<PolicyWriteRequest>("application/json").Produces<PolicyResponse>(StatusCodes.Status201Created);
        group.MapGet("/", List).Produces<ListResponse<PolicyResponse>>();
        group.MapGet("/{id}", Get).Produces<PolicyResponse>();
        group.MapPatch("/{id}", Update).Accepts<PolicyWriteRequest>("application/json").Produces<PolicyResponse>();
        group.MapDelete("/{id}", Delete).Produces(StatusCodes.Status204NoContent);
        return group;
    }

    private static async Task<IResult> Create(HttpContext context, PolicyAdmin policies)
    {
        var (body, problem) = await JsonBody.ReadAsync<PolicyWriteRequest>(context);
        if (problem is not null) return problem;
        return AdminResults.From(await policies.CreateAsync(body!.ToDraft(), AdminCaller.Of(context).Actor, context.RequestAborted), PolicyResponse.From, p => $"/admin/policies/{p.Id}");
    }

    private static async Task<IResult> List(PolicyAdmin policies, int? limit, string? cursor, string? subject, CancellationToken cancellationToken)
    {
        var (page, problem) = AdminResults.Paging(limit, cursor);
        return problem ?? AdminResults.List(await policies.ListAsync(page!, subject, cancellationToken), PolicyResponse.From);
    }

    private static IResult Get(string id, PolicyAdmin policies)
        => policies.Find(id) is { } policy ? Results.Ok(PolicyResponse.From(policy)) : AdminResults.NotFound($"policy '{id}'");

    private static async Task<IResult> Update(string id, HttpContext context, PolicyAdmin policies)
    {
        var (body, problem) = await JsonBody.ReadAsync<PolicyWriteRequest>(context);
        if (problem is not null) return problem;
        return AdminResults.From(await policies.UpdateAsync(id, body!.ToDraft(), AdminCaller.Of(context).Actor, context.RequestAborted), PolicyResponse.From);
    }

    private static async Task<IResult> Delete(string id, HttpContext context, PolicyAdmin policies, CancellationToken cancellationToken)
    {
        var result = await policies.DeleteAsync(id, AdminCaller.Of(context).Actor, cancellationToken);
        return result.Outcome == AdminOutcome.Ok ? Results.NoContent() : AdminResults.From(result, PolicyResponse.From);
    }
}

public sealed record PolicyWriteRequest(string? Id, string? Description, List<string>? Subjects, string? Effect,
    List<string>? Resources, List<string>? Actions, JsonElement? Conditions, JsonElement? Meta)
{
    public PolicyDraft ToDraft() => new(Id, Description, Subjects, Effect, Resources, Actions, Raw(Conditions), Raw(Meta));

    private static string? Raw(JsonElement? json) => json is { ValueKind: not JsonValueKind.Null } value ? value.GetRawText() : null;
}

public sealed record PolicyResponse(string Id, string? Description, IReadOnlyList<string> Subjects, string Effect, IReadOnlyList<string> Resources,
    IReadOnlyList<string> Actions, JsonElement Conditions, JsonElement Meta, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static PolicyResponse From(AccessPolicy p) => new(p.Id, p.Description, p.Subjects, p.Effect, p.Resources, p.Actions,
        JsonDocument.Parse(p.Conditions).RootElement.Clone(), JsonDocument.Parse(p.Meta).RootElement.Clone(), p.CreatedAt, p.UpdatedAt);
}
