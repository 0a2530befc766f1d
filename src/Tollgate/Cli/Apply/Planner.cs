using System.Text.Json.Nodes;

namespace Tollgate.Cli.Apply;

/// <summary>
/// Compares what the file wants with what the server has, field by field, and turns each difference
/// into admin requests. Equal entries produce nothing, which is what makes a second apply a no-op.
/// What the admin API cannot do (unset a client's lifetime or keys; remove a scope that a grant
/// outside the file still uses) is an error here, before anything is sent.
/// </summary>
public static class Planner
{
    public static Plan Create(DesiredState want, ServerState have, bool prune, FileErrors errors)
    {
        var changes = new List<Change>();
        foreach (var (identifier, desired) in want.Apis) Api(identifier, desired, have, want, prune, changes, errors);
        foreach (var (clientId, desired) in want.Clients) Client(clientId, desired, have, changes, errors);
        foreach (var (key, desired) in want.Grants)
        {
            var path = $"/admin/grants";
            if (!have.Grants.TryGetValue(key, out var current))
                changes.Add(new Change(ChangeKind.Create, "grant", GrantKey(key), desired.Path, [], [new Step(Phase.Grants, HttpMethod.Post, path, desired.Entry.DeepClone())]));
            else if (Diff(current, desired.Entry, ServerState.GrantFields) is { Count: > 0 } fields)
                changes.Add(new Change(ChangeKind.Update, "grant", GrantKey(key), desired.Path, fields,
                    [new Step(Phase.Grants, HttpMethod.Patch, $"{path}/{ServerVerbs.Segment(have.GrantIds[key])}", new JsonObject { ["scope"] = desired.Entry["scope"]!.DeepClone() })]));
        }

        var kept = 0;
        foreach (var key in have.Grants.Keys.Where(k => !want.Grants.ContainsKey(k)))
            if (prune) changes.Add(new Change(ChangeKind.Delete, "grant", GrantKey(key), null, [], [new Step(Phase.Grants, HttpMethod.Delete, $"/admin/grants/{ServerVerbs.Segment(have.GrantIds[key])}", null)]));
            else kept++;
        foreach (var clientId in have.Clients.Keys.Where(k => !want.Clients.ContainsKey(k)))
            if (prune) changes.Add(new Change(ChangeKind.Delete, "client", clientId, null, [], [new Step(Phase.Deletions, HttpMethod.Delete, $"/admin/clients/{ServerVerbs.Segment(clientId)}", null)]));
            else kept++;
        foreach (var identifier in have.Apis.Keys.Where(k => !want.Apis.ContainsKey(k)))
            if (prune) changes.Add(new Change(ChangeKind.Delete, "api", identifier, null, [], [new Step(Phase.Deletions, HttpMethod.Delete, $"/admin/apis/{ServerVerbs.Segment(identifier)}", null)]));
            else kept++;
        return new Plan(changes, kept);
    }

    private static string GrantKey((string ClientId, string Audience) key) => $"{key.ClientId} → {key.Audience}";

    private static void Api(string identifier, Desired desired, ServerState have, DesiredState want, bool prune, List<Change> changes, FileErrors errors)
    {
        var segment = ServerVerbs.Segment(identifier);
        var routes = new Step(Phase.Routes, HttpMethod.Put, $"/admin/apis/{segment}/routes", RulesDocument(desired.Entry));
        if (!have.Apis.TryGetValue(identifier, out var current))
        {
            var body = desired.Entry.DeepClone().AsObject();
            body.Remove("routes");
            body.Remove("rate_limit");
            List<Step> steps = [new Step(Phase.Apis, HttpMethod.Post, "/admin/apis", body)];
            if (desired.Entry["routes"] is not null || desired.Entry["rate_limit"] is not null) steps.Add(routes);
            changes.Add(new Change(ChangeKind.Create, "api", identifier, desired.Path, [], steps));
            return;
        }
        var fields = Diff(current, desired.Entry, ServerState.ApiFields);
        if (fields.Count == 0) return;

        var patch = new JsonObject();
        var narrow = false;
        foreach (var field in fields.Where(f => !IsRulesDocument(f.Field)))
        {
            if (field.Field == "scopes")
            {
                // Scopes being removed stay until the grants using them have changed (a later phase).
                var wanted = Values(field.After);
                var removed = Values(field.Before).Where(v => !wanted.Contains(v)).ToList();
                narrow = removed.Count > 0;
                var union = (field.After as JsonArray ?? []).Select(s => s!.DeepClone())
                    .Concat((field.Before as JsonArray ?? []).Where(s => removed.Contains(ServerState.Text(s!, "value"))).Select(s => s!.DeepClone()));
                patch["scopes"] = new JsonArray(union.ToArray());
                if (!prune) RemovedButGranted(identifier, removed, desired, have, want, errors);
            }
            else patch[field.Field] = field.After?.DeepClone() ?? (field.Field == "name" ? "" : field.Field == "require_dpop" ? false : null);
        }
        var steps2 = new List<Step>();
        if (patch.Count > 0 && !(patch.Count == 1 && narrow && Values(patch["scopes"]).SetEquals(Values(current["scopes"]))))
            steps2.Add(new Step(Phase.Apis, HttpMethod.Patch, $"/admin/apis/{segment}", patch));
        if (fields.Any(f => IsRulesDocument(f.Field))) steps2.Add(routes);
        if (narrow) steps2.Add(new Step(Phase.NarrowScopes, HttpMethod.Patch, $"/admin/apis/{segment}", new JsonObject { ["scopes"] = desired.Entry["scopes"]?.DeepClone() ?? new JsonArray() }));
        changes.Add(new Change(ChangeKind.Update, "api", identifier, desired.Path, fields, steps2));
    }

    /// <summary>An API's <c>routes</c> and <c>rate_limit</c> are its rules document, replaced whole by one PUT.</summary>
    private static bool IsRulesDocument(string field) => field is "routes" or "rate_limit";

    private static JsonObject RulesDocument(JsonObject entry)
    {
        var document = new JsonObject { ["rules"] = entry["routes"]?.DeepClone() ?? new JsonArray() };
        if (entry["rate_limit"] is { } rateLimit) document["rate_limit"] = rateLimit.DeepClone();
        return document;
    }

    /// <summary>Without --prune, a grant the file does not mention stays; the server refuses to remove a scope it still uses.</summary>
    private static void RemovedButGranted(string identifier, List<string> removed, Desired desired, ServerState have, DesiredState want, FileErrors errors)
    {
        foreach (var (key, grant) in have.Grants.Where(g => g.Key.Audience == identifier && !want.Grants.ContainsKey(g.Key)))
        {
            var used = Values(grant["scope"]).Where(removed.Contains).ToList();
            if (used.Count > 0)
                errors.Add(SourceMap.Child(desired.Path, "scopes"),
                    $"removes {string.Join(", ", used)}, still granted to '{key.ClientId}' by a grant the file does not list; add that grant to the file, or apply with --prune to delete it.");
        }
    }

    private static void Client(string clientId, Desired desired, ServerState have, List<Change> changes, FileErrors errors)
    {
        if (!have.Clients.TryGetValue(clientId, out var current))
        {
            changes.Add(new Change(ChangeKind.Create, "client", clientId, desired.Path, [], [new Step(Phase.Clients, HttpMethod.Post, "/admin/clients", desired.Entry.DeepClone())]));
            return;
        }
        var fields = Diff(current, desired.Entry, ServerState.ClientFields);
        if (fields.Count == 0) return;
        var patch = new JsonObject();
        foreach (var field in fields)
        {
            if (field.After is not null)
            {
                patch[field.Field] = field.After.DeepClone();
                continue;
            }
            // A tls_client_auth subject field gone from the file: the one the file names replaces it, and
            // leaving tls_client_auth drops it; the server does both.
            if (ServerState.TlsSubjectFields.Contains(field.Field)
                && (ServerState.TlsSubjectFields.Any(f => desired.Entry[f] is not null) || ServerState.Text(desired.Entry, "token_endpoint_auth_method") != Core.Clients.AuthMethods.TlsClientAuth))
                continue;
            // Absent in the file: the empty value, where the admin API has one.
            JsonNode? empty = field.Field switch
            {
                "client_name" => "",
                "allowed_origins" => new JsonArray(),
                "metadata" or "token_quota" => new JsonObject(),
                "dpop_bound_access_tokens" or "tls_client_certificate_bound_access_tokens" => false,
                _ => null,
            };
            if (empty is null)
                errors.Add(desired.Path, $"the server's client '{clientId}' has {field.Field} set, and the admin API cannot unset it; put it in the file, or delete and recreate the client.");
            else patch[field.Field] = empty;
        }
        changes.Add(new Change(ChangeKind.Update, "client", clientId, desired.Path, fields, [new Step(Phase.Clients, HttpMethod.Patch, $"/admin/clients/{ServerVerbs.Segment(clientId)}", patch)]));
    }

    /// <summary>The fields whose JSON differs, in the file format's order.</summary>
    private static List<FieldChange> Diff(JsonObject before, JsonObject after, string[] fields)
        => fields.Where(f => !JsonNode.DeepEquals(before[f], after[f])).Select(f => new FieldChange(f, before[f]?.DeepClone(), after[f]?.DeepClone())).ToList();

    private static HashSet<string> Values(JsonNode? scopes)
        => (scopes as JsonArray ?? []).Select(s => s is JsonValue ? s.GetValue<string>() : ServerState.Text(s!, "value")).ToHashSet(StringComparer.Ordinal);
}
