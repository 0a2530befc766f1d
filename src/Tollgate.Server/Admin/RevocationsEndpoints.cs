using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Core;
using Tollgate.Core.Audit;
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

    private static async Task<IResult> Create(HttpContext context, RevocationList revocations, Core.Catalog.Catalog catalog, AuditTrail audit, TimeProvider time)
    {
        var (body, problem) = await JsonBody.ReadAsync<RevocationRequest>(context);
        if (problem is not null) return problem;
        var errors = new Dictionary<string, string[]>();
        var lifetime = catalog.Current.LongestTokenLifetime;
        Revocation? entry = null;
        switch (body!.Type)
        {
            case "token":
                if (string.IsNullOrEmpty(body.Jti)) errors["jti"] = ["is required for a token revocation."];
                if (body.ExpiresAt is null) errors["expires_at"] = ["is required for a token revocation: the token's exp, when the entry can go."];
                else if (body.ExpiresAt <= time.GetUtcNow()) errors["expires_at"] = ["must be in the future: an expired token needs no revocation."];
                if (errors.Count == 0)
                    entry = new Revocation { Kind = RevocationKind.Token, Jti = body.Jti, ClientId = body.ClientId, ExpiresAt = body.ExpiresAt!.Value };
                break;
            case "client" or "grant":
                if (string.IsNullOrEmpty(body.ClientId)) errors["client_id"] = ["is required."];
                if (body.Type == "grant" && string.IsNullOrEmpty(body.Audience)) errors["audience"] = ["is required for a grant revocation."];
                if (errors.Count == 0)
                {
                    var now = time.GetUtcNow();
                    entry = new Revocation
                    {
                        Kind = body.Type == "client" ? RevocationKind.Client : RevocationKind.Grant,
                        ClientId = body.ClientId, Audience = body.Audience, IssuedUntil = now.ToUnixTimeSeconds(), ExpiresAt = now + lifetime + TimeSpan.FromSeconds(1),
                    };
                }
                break;
            default:
                errors["type"] = ["must be 'token', 'client' or 'grant'."];
                break;
        }
        if (errors.Count > 0) return Results.ValidationProblem(errors);
        // Audited as the admin's act; the revocations a client or grant deletion implies are part of that change's entry.
        var record = audit.Record(AdminActor.Of(context), "revocation.create", AuditKinds.Revocation, entry!.Jti ?? entry.ClientId!, null, AuditSnapshots.Of(entry));
        var stored = await revocations.AddAsync(entry, record, context.RequestAborted);
        audit.Committed(record);
        return Results.Created($"/admin/revocations?since={stored.Seq - 1}", RevocationResponse.From(stored));
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
