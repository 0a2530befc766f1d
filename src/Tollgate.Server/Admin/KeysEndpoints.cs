using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Core.Admin;
using Tollgate.Core.Apis;
using Tollgate.Core.Keys;

namespace Tollgate.Server.Admin;

public sealed record KeyResponse(string Kid, string Alg, string Status, DateTimeOffset CreatedAt, DateTimeOffset ActivatesAt,
    DateTimeOffset? RetiresAt, DateTimeOffset? ExpiresAt)
{
    public static KeyResponse From(SigningKey k, DateTimeOffset now) => new(k.Kid, k.Alg,
        k.ActivatesAt > now ? "next" : k.SignsAt(now) ? "current" : "retired", k.CreatedAt, k.ActivatesAt, k.RetiresAt, k.ExpiresAt);
}

/// <summary>
/// <c>"immediately": true</c> makes the new key sign now (a compromised key): caches meet an
/// unknown kid and refetch the JWKS. Otherwise it signs at <c>activates_at</c>, at the earliest
/// after the pre-publish interval.
/// </summary>
public sealed record RotateRequest(string? Alg, DateTimeOffset? ActivatesAt, bool? Immediately);

/// <summary><c>/admin/keys</c>: the signing keys' schedule (public metadata only) and manual rotation.</summary>
public static class KeysEndpoints
{
    public static RouteGroupBuilder MapKeys(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/keys").WithTags("Keys");
        group.MapGet("/", List).Produces<ListResponse<KeyResponse>>();
        group.MapPost("/rotate", Rotate).Accepts<RotateRequest>("application/json").Produces<KeyResponse>(StatusCodes.Status201Created);
        return group;
    }

    private static IResult List(KeyRing keys, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return Results.Ok(new ListResponse<KeyResponse>(keys.Keys.Select(k => KeyResponse.From(k, now)).ToList(), null));
    }

    private static async Task<IResult> Rotate(HttpContext context, KeyAdmin keys, TimeProvider time)
    {
        var (body, problem) = await JsonBody.ReadAsync<RotateRequest>(context);
        if (problem is not null) return problem;
        var result = await keys.RotateAsync(body!.Alg, body.ActivatesAt, body.Immediately == true, AdminCaller.Of(context).Actor, context.RequestAborted);
        return AdminResults.From(result, k => KeyResponse.From(k, time.GetUtcNow()));
    }
}
