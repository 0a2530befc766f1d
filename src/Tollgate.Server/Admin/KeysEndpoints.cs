using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Core;
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

    private static async Task<IResult> Rotate(HttpContext context, KeyManager manager, KeySchedule schedule, TimeProvider time)
    {
        var (body, problem) = await JsonBody.ReadAsync<RotateRequest>(context);
        if (problem is not null) return problem;
        var now = time.Now();
        var errors = new Dictionary<string, string[]>();
        if (body!.Alg is null || !SigningAlgorithms.Supported.Contains(body.Alg)) errors["alg"] = ["must be one of RS256, ES256, PS256."];
        if (body.Immediately == true && body.ActivatesAt is not null) errors["activates_at"] = ["cannot be combined with immediately."];
        if (body.ActivatesAt is { } at && at < now + schedule.PrePublish)
            errors["activates_at"] = [$"must be at least {schedule.PrePublish} from now, so caches see the key before it signs; use immediately for an emergency."];
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var key = await manager.RotateAsync(body.Alg!, body.Immediately == true ? now : body.ActivatesAt, AdminActor.Of(context), context.RequestAborted);
        return Results.Created((string?)null, KeyResponse.From(key, time.GetUtcNow()));
    }
}
