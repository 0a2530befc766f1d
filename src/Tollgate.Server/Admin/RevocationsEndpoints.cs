using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Core.Admin;
using Tollgate.Core.Revocation;

namespace Tollgate.Server.Admin;

/// <summary>
/// An explicit revocation: <c>{"type": "token", "jti", "client_id"?, "expires_at"}</c>,
/// <c>{"type": "client", "client_id"}</c> (every token issued to it so far) or
/// <c>{"type": "grant", "client_id", "audience"}</c> (every token issued to it for that API so far).
/// </summary>
public sealed record RevocationRequest(string? Type, string? Jti, string? ClientId, string? Audience, DateTimeOffset? ExpiresAt);

public sealed record RevocationResponse(long Seq, string Type, string? Jti, string? ClientId, string? Audience, long? IssuedUntil,
    IReadOnlyList<string> Scope, DateTimeOffset ExpiresAt, DateTimeOffset CreatedAt)
{
    public static RevocationResponse From(Revocation r) => new(r.Seq, r.Kind.ToString().ToLowerInvariant(), r.Jti, r.ClientId, r.Audience,
        r.IssuedUntil, r.Scopes, r.ExpiresAt, r.CreatedAt);
}

/// <summary><c>/admin/revocations</c>: revoke explicitly; list the live entries.</summary>
public static class RevocationsEndpoints
{
    public static RouteGroupBuilder MapRevocations(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/revocations").WithTags("Revocations");
        group.MapPost("/", Create).Accepts<RevocationRequest>("application/json").Produces<RevocationResponse>(StatusCodes.Status201Created);
        group.MapGet("/", List).Produces<ListResponse<RevocationResponse>>();
        return group;
    }

    private static async Task<IResult> Create(HttpContext context, RevocationAdmin revocations)
    {
        var (body, problem) = await JsonBody.ReadAsync<RevocationRequest>(context);
        if (problem is not null) return problem;
        var draft = new RevocationDraft(body!.Type, body.Jti, body.ClientId, body.Audience, body.ExpiresAt);
        return AdminResults.From(await revocations.CreateAsync(draft, AdminCaller.Of(context).Actor, context.RequestAborted), RevocationResponse.From,
            r => $"/admin/revocations?since={r.Seq - 1}");
    }

    private static async Task<IResult> List(RevocationList revocations, long? since, int? limit, CancellationToken cancellationToken)
    {
        if (since is < 0 || limit is < 1 or > 1000)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["must be 1-1000; since must be 0 or more."] });
        var page = await revocations.ListSinceAsync(since ?? 0, limit ?? 100, cancellationToken);
        var next = page.Count == (limit ?? 100) ? page[^1].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return Results.Ok(new ListResponse<RevocationResponse>(page.Select(RevocationResponse.From).ToList(), next));
    }
}
