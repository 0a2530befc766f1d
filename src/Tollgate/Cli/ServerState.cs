using System.Text.Json.Nodes;
using Tollgate.Cli.Connection;

namespace Tollgate.Cli;

/// <summary>
/// The server's configuration as <c>export</c> writes it and <c>apply</c> compares against: APIs with
/// their route rules, clients and grants, each shaped as a file entry (fixed field order, no ids or
/// timestamps, empty values left out). The admin API, its grants and the client the CLI acts as are
/// the server's own and left out. The raw grants are kept for their ids, which PATCH and DELETE need.
/// </summary>
public sealed record ServerState(
    IReadOnlyDictionary<string, JsonObject> Apis,
    IReadOnlyDictionary<string, JsonObject> Clients,
    IReadOnlyDictionary<(string ClientId, string Audience), JsonObject> Grants,
    IReadOnlyDictionary<(string ClientId, string Audience), string> GrantIds,
    string Self)
{
    public const string AdminApi = Core.Admin.SystemIdentity.AdminAudience;
    public static readonly string[] ApiFields = ["identifier", "name", "token_format", "signing_alg", "access_token_lifetime", "require_dpop", "scopes", "rate_limit", "routes"];
    /// <summary>RFC 8705 §2.1.2: a tls_client_auth client's one subject field.</summary>
    public static readonly string[] TlsSubjectFields = [.. Core.Clients.TlsClientAuthSubject.Fields];
    public static readonly string[] ClientFields = ["client_id", "client_name", "token_endpoint_auth_method", "access_token_lifetime", "allowed_origins", "allow_introspection", "metadata", "jwks_uri", "jwks",
        .. TlsSubjectFields, "tls_client_certificate_bound_access_tokens", "dpop_bound_access_tokens", "token_quota"];
    /// <summary>Settings that are off unless set: written only when true, so files of clients and APIs without them stay as they were.</summary>
    public static readonly string[] OmittedWhenFalse = ["require_dpop", "dpop_bound_access_tokens", "tls_client_certificate_bound_access_tokens"];
    public static readonly string[] GrantFields = ["client_id", "audience", "scope"];

    private const string Page = "?limit=200";

    public static async Task<(ServerState? State, CliFailure? Failure)> FetchAsync(ServerClient server, CancellationToken ct)
    {
        var self = server.Credentials.ClientId;
        var (apis, failure) = await server.ListAllAsync("/admin/apis" + Page, ct);
        if (failure is not null) return (null, failure);
        var (clients, clientsFailure) = await server.ListAllAsync("/admin/clients" + Page, ct);
        if (clientsFailure is not null) return (null, clientsFailure);
        var (grants, grantsFailure) = await server.ListAllAsync("/admin/grants" + Page, ct);
        if (grantsFailure is not null) return (null, grantsFailure);

        var apiEntries = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var api in apis.Where(a => Text(a, "identifier") != AdminApi))
        {
            var (routes, routesFailure) = await server.AdminAsync(HttpMethod.Get, $"/admin/apis/{ServerVerbs.Segment(Text(api, "id"))}/routes", null, ct);
            if (routesFailure is not null) return (null, routesFailure);
            var raw = api.DeepClone().AsObject();
            raw["routes"] = routes?["rules"]?.DeepClone();
            raw["rate_limit"] = routes?["rate_limit"]?.DeepClone();   // part of the rules document, a field of its own in the file
            apiEntries[Text(api, "identifier")] = Api(raw);
        }
        var clientEntries = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var client in clients.Where(c => Text(c, "client_id") != self)) clientEntries[Text(client, "client_id")] = Client(client);
        var grantEntries = new SortedDictionary<(string, string), JsonObject>(GrantOrder.Instance);
        var grantIds = new Dictionary<(string, string), string>();
        foreach (var grant in grants.Where(g => Text(g, "audience") != AdminApi && Text(g, "client_id") != self))
        {
            var key = (Text(grant, "client_id"), Text(grant, "audience"));
            grantEntries[key] = Grant(grant);
            grantIds[key] = Text(grant, "id");
        }
        return (new ServerState(apiEntries, clientEntries, grantEntries, grantIds, self), null);
    }

    /// <summary>The export document: APIs by identifier, clients by client_id, grants by client then audience.</summary>
    public JsonObject ToDocument() => new()
    {
        ["apis"] = new JsonArray(Apis.Values.Select(a => (JsonNode)a.DeepClone()).ToArray()),
        ["clients"] = new JsonArray(Clients.Values.Select(c => (JsonNode)c.DeepClone()).ToArray()),
        ["grants"] = new JsonArray(Grants.Values.Select(g => (JsonNode)g.DeepClone()).ToArray()),
    };

    /// <summary>An API as a file entry; scopes without a description carry only their value.</summary>
    public static JsonObject Api(JsonObject api)
    {
        var entry = Pick(api, ApiFields);
        if (entry["scopes"] is JsonArray scopes)
            foreach (var scope in scopes.OfType<JsonObject>())
                if (scope["description"] is null || scope["description"] is JsonValue d && d.TryGetValue<string>(out var s) && s.Length == 0) scope.Remove("description");
        return entry;
    }

    public static JsonObject Client(JsonNode client) => Pick(client, ClientFields);

    /// <summary>A grant as a file entry: its scopes sorted, so the order they were granted in does not show as a change.</summary>
    public static JsonObject Grant(JsonNode grant) => new()
    {
        ["client_id"] = Text(grant, "client_id"), ["audience"] = Text(grant, "audience"),
        ["scope"] = new JsonArray((grant["scope"] as JsonArray ?? []).Select(s => s!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal).Select(s => (JsonNode)s).ToArray()),
    };

    /// <summary>The configurable fields in a fixed order; null, empty and blank values left out so the file stays short.</summary>
    private static JsonObject Pick(JsonNode item, string[] fields)
    {
        var picked = new JsonObject();
        foreach (var field in fields)
        {
            var value = item[field];
            if (value is null or JsonArray { Count: 0 } or JsonObject { Count: 0 }) continue;
            if (value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0) continue;
            if (value is JsonValue b && b.TryGetValue<bool>(out var on) && !on && OmittedWhenFalse.Contains(field)) continue;
            // Re-parsed so that every value compares by its JSON, whichever parser made it.
            picked[field] = JsonNode.Parse(value.ToJsonString());
        }
        return picked;
    }

    public static string Text(JsonNode item, string field) => item[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    /// <summary>Grants sorted by client, then audience (ordinal), as export writes them.</summary>
    public sealed class GrantOrder : IComparer<(string ClientId, string Audience)>
    {
        public static readonly GrantOrder Instance = new();

        public int Compare((string ClientId, string Audience) x, (string ClientId, string Audience) y)
        {
            var byClient = string.CompareOrdinal(x.ClientId, y.ClientId);
            return byClient != 0 ? byClient : string.CompareOrdinal(x.Audience, y.Audience);
        }
    }
}
