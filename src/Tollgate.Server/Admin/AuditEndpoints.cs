using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Core.Audit;
using Tollgate.Core.Storage;

namespace Tollgate.Server.Admin;

/// <summary>One audit entry on the wire: before/after as JSON values (already redacted when written), and the chain's hashes.</summary>
public sealed record AuditEntryResponse(long Id, DateTimeOffset At, string Actor, string? Address, string Action, string ResourceKind, string ResourceId,
    JsonNode? Before, JsonNode? After, string PreviousHash, string Hash)
{
    public static AuditEntryResponse From(AuditEntry e) => new(e.Id, e.Record.At, e.Record.Actor, e.Record.Address, e.Record.Action,
        e.Record.ResourceKind, e.Record.ResourceId, Parse(e.Record.Before), Parse(e.Record.After), e.PreviousHash, e.Hash);

    // A row edited into invalid JSON still lists (as a string), so the tampering shows instead of a 500.
    private static JsonNode? Parse(string? json)
    {
        if (json is null) return null;
        try { return JsonNode.Parse(json); }
        catch (System.Text.Json.JsonException) { return JsonValue.Create(json); }
    }
}

public sealed record AuditVerifyResponse(bool Ok, long Checked, long AnchorId, long HeadId, long? FirstBadId, string? Problem)
{
    public static AuditVerifyResponse From(AuditVerification v) => new(v.Ok, v.Checked, v.AnchorId, v.HeadId, v.FirstBadId, v.Problem);
}

/// <summary><c>/admin/audit</c>: who changed what, paged and filtered; <c>/admin/audit/verify</c>: the chain check.</summary>
public static class AuditEndpoints
{
    private const int MaxFilterLength = 512;

    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/audit").WithTags("Audit");
        group.MapGet("/", List).Produces<ListResponse<AuditEntryResponse>>().ProducesValidationProblem();
        group.MapGet("/verify", Verify).Produces<AuditVerifyResponse>();
        return group;
    }

    private static async Task<IResult> List(IAuditStore store, int? limit, string? cursor, string? resource_kind, string? resource_id, string? actor,
        string? action, string? from, string? to, CancellationToken cancellationToken)
    {
        var (page, problem) = AdminResults.Paging(limit, cursor);
        if (problem is not null) return problem;
        var errors = new Dictionary<string, string[]>();
        if (resource_kind is not null && !AuditKinds.All.Contains(resource_kind))
            errors["resource_kind"] = [$"must be one of {string.Join(", ", AuditKinds.All.Order(StringComparer.Ordinal))}."];
        foreach (var (name, value) in new[] { ("resource_id", resource_id), ("actor", actor), ("action", action) })
            if (value is { Length: 0 or > MaxFilterLength }) errors[name] = [$"must be 1-{MaxFilterLength} characters."];
        var fromTime = Time("from", from, errors);
        var toTime = Time("to", to, errors);
        if (fromTime is not null && toTime is not null && fromTime >= toTime) errors["to"] = ["must be later than from."];
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var filter = new AuditFilter(resource_kind, resource_id, actor, action, fromTime, toTime);
        return AdminResults.List(await store.ListAsync(page!, filter, cancellationToken), AuditEntryResponse.From);
    }

    private static async Task<IResult> Verify(IAuditStore store, AuditChain chain, CancellationToken cancellationToken)
        => Results.Ok(AuditVerifyResponse.From(await AuditVerification.RunAsync(store, chain, cancellationToken)));

    /// <summary>An ISO 8601 / RFC 3339 time such as 2026-12-01T00:00:00Z; without an offset it is UTC.</summary>
    private static DateTimeOffset? Time(string name, string? value, Dictionary<string, string[]> errors)
    {
        if (value is null) return null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return time;
        errors[name] = ["must be an RFC 3339 time, e.g. 2026-12-01T00:00:00Z."];
        return null;
    }
}
