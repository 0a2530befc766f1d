using System.Text.Json.Nodes;
using Tollgate.Authorizer.Configuration;
using Tollgate.Core.Admin;
using Tollgate.Core.Apis;
using Tollgate.Core.Clients;
using Tollgate.Server.Routes;

namespace Tollgate.Cli.Apply;

/// <summary>One entry the file wants, shaped as export writes it, and where it is in the file.</summary>
public sealed record Desired(JsonObject Entry, string Path);

/// <summary>
/// What a configuration file asks for, checked whole before anything is sent: the shape of every
/// entry, the server's own field rules (<see cref="ApiAdmin.Check"/>, <see cref="ClientAdmin.Check"/>,
/// the route rule format), duplicates, and references (a grant's client, API and scopes) to the file
/// or, without <c>--prune</c>, to what the server already has.
/// </summary>
public sealed record DesiredState(
    IReadOnlyDictionary<string, Desired> Apis,
    IReadOnlyDictionary<string, Desired> Clients,
    IReadOnlyDictionary<(string ClientId, string Audience), Desired> Grants)
{
    private static readonly string[] Sections = ["apis", "clients", "grants"];
    private static readonly string[] ScopeFields = ["value", "description"];

    public static DesiredState Read(ConfigurationFile file, ServerState server, bool prune, FileErrors errors)
    {
        var reader = new FieldReader(errors);
        reader.Entry(file.Document, "", Sections);
        var apis = new Dictionary<string, Desired>(StringComparer.Ordinal);
        var clients = new Dictionary<string, Desired>(StringComparer.Ordinal);
        var grants = new Dictionary<(string, string), Desired>();
        if (Sections.All(section => file.Document[section] is null))
            reader.Error("", "none of apis, clients, grants: an empty configuration is refused (export of an empty server writes the three empty lists).");
        // Keys seen include entries with mistakes: a grant naming one is not also "unknown".
        var apisSeen = new Dictionary<string, string>(StringComparer.Ordinal);
        var clientsSeen = new Dictionary<string, string>(StringComparer.Ordinal);
        Each(reader, file, "apis", (node, path) => Add(reader, apis, apisSeen, node, Api(reader, node, path), path, "identifier"));
        Each(reader, file, "clients", (node, path) => Add(reader, clients, clientsSeen, node, Client(reader, node, path, server.Self), path, "client_id"));

        var references = new References(
            id => clientsSeen.ContainsKey(id) || !prune && server.Clients.ContainsKey(id),
            audience => apisSeen.ContainsKey(audience) || !prune && server.Apis.ContainsKey(audience),
            audience => apis.TryGetValue(audience, out var a) ? a.Entry["scopes"] ?? new JsonArray()
                : apisSeen.ContainsKey(audience) ? null
                : !prune && server.Apis.TryGetValue(audience, out var s) ? s["scopes"] ?? new JsonArray() : null,
            prune ? "" : " nor on the server");
        Each(reader, file, "grants", (node, path) =>
        {
            var grant = Grant(reader, node, path, server.Self, references);
            if (grant is null) return;
            var key = (ServerState.Text(grant, "client_id"), ServerState.Text(grant, "audience"));
            if (grants.TryGetValue(key, out var first)) reader.Error(path, $"duplicate: {first.Path} is already the grant of '{key.Item1}' for '{key.Item2}'.");
            else grants[key] = new Desired(grant, path);
        });
        return new DesiredState(apis, clients, grants);
    }

    private static void Each(FieldReader reader, ConfigurationFile file, string section, Action<JsonNode?, string> read)
    {
        if (file.Document[section] is null) return;
        if (file.Document[section] is not JsonArray items)
        {
            reader.Error(section, "must be a list.");
            return;
        }
        for (var i = 0; i < items.Count; i++) read(items[i], SourceMap.Item(section, i));
    }

    /// <summary>Duplicates are found by the raw key, so an entry with other mistakes still counts.</summary>
    private static void Add(FieldReader reader, Dictionary<string, Desired> into, Dictionary<string, string> seen, JsonNode? node, JsonObject? entry, string path, string keyField)
    {
        if (node is not JsonObject raw || raw[keyField] is not JsonValue value || !value.TryGetValue<string>(out var key)) return;
        if (seen.TryGetValue(key, out var first))
        {
            reader.Error(SourceMap.Child(path, keyField), $"duplicate: {first} has the same {keyField} '{key}'.");
            return;
        }
        seen[key] = path;
        if (entry is not null) into[key] = new Desired(entry, path);
    }

    private static JsonObject? Api(FieldReader reader, JsonNode? node, string path)
    {
        var entry = reader.Entry(node, path, ServerState.ApiFields);
        if (entry is null) return null;
        var before = reader.ErrorCount;
        var identifier = reader.String(entry, "identifier", path, required: true);
        var scopes = new List<ApiScope>();
        var list = reader.List(entry, "scopes", path);
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            var at = SourceMap.Item(SourceMap.Child(path, "scopes"), i);
            if (reader.Entry(list![i], at, ScopeFields) is not { } scope) continue;
            scopes.Add(new ApiScope(reader.String(scope, "value", at, required: true) ?? "", reader.String(scope, "description", at)));
        }
        var draft = new ApiDraft(identifier, reader.String(entry, "name", path), scopes, reader.String(entry, "token_format", path),
            reader.String(entry, "signing_alg", path), reader.Int(entry, "access_token_lifetime", path), reader.Bool(entry, "require_dpop", path));
        if (reader.ErrorCount > before) return null;
        if (identifier == ServerState.AdminApi)
        {
            reader.Error(SourceMap.Child(path, "identifier"), "the admin API is built into the server; leave it out (export does).");
            return null;
        }
        reader.Server(ApiAdmin.Check(draft), path);

        var routes = reader.List(entry, "routes", path);
        var rateLimit = reader.Object(entry, "rate_limit", path) is null ? null : entry["rate_limit"];
        if (routes is not null || rateLimit is not null)
        {
            var api = new Api { Id = "", Identifier = identifier!, Scopes = [.. scopes] };
            var document = new JsonObject { ["rules"] = routes?.DeepClone() ?? new JsonArray() };
            if (rateLimit is not null) document["rate_limit"] = rateLimit.DeepClone();
            var problems = RouteDocuments.Validate(api, document.ToJsonString());
            // Here the document's rules are the API's routes: rules[i] is routes[i], the whole document is routes.
            reader.Server(ValidationError.ByPath(problems.Select(p => p.Path.StartsWith("rules", StringComparison.Ordinal) ? p with { Path = "routes" + p.Path["rules".Length..] } : p), "routes"), path);
        }
        if (reader.ErrorCount > before) return null;

        var defaults = new Api { Id = "", Identifier = "" };
        return ServerState.Api(new JsonObject
        {
            ["identifier"] = identifier, ["name"] = draft.Name,
            ["token_format"] = draft.TokenFormat ?? (defaults.TokenFormat == TokenFormat.Opaque ? "opaque" : "jwt"),
            ["signing_alg"] = draft.SigningAlg ?? defaults.SigningAlg,
            ["access_token_lifetime"] = draft.AccessTokenLifetime ?? defaults.AccessTokenLifetime,
            ["require_dpop"] = draft.RequireDpop,
            ["scopes"] = entry["scopes"]?.DeepClone(), ["routes"] = routes?.DeepClone(), ["rate_limit"] = rateLimit?.DeepClone(),
        });
    }

    private static JsonObject? Client(FieldReader reader, JsonNode? node, string path, string self)
    {
        var entry = reader.Entry(node, path, ServerState.ClientFields);
        if (entry is null) return null;
        var before = reader.ErrorCount;
        var draft = new ClientDraft(reader.String(entry, "client_id", path, required: true), reader.String(entry, "client_name", path),
            reader.String(entry, "token_endpoint_auth_method", path), null, reader.Int(entry, "access_token_lifetime", path),
            reader.Strings(entry, "allowed_origins", path), reader.Object(entry, "metadata", path), reader.Bool(entry, "allow_introspection", path),
            reader.Object(entry, "jwks", path), reader.String(entry, "jwks_uri", path), reader.Bool(entry, "dpop_bound_access_tokens", path))
        {
            TlsClientAuth = ServerState.TlsSubjectFields
                .Select(f => reader.String(entry, f, path) is { } value ? new TlsClientAuthSubject(f, value) : null).OfType<TlsClientAuthSubject>().ToList(),
            TlsClientCertificateBoundAccessTokens = reader.Bool(entry, "tls_client_certificate_bound_access_tokens", path),
            TokenQuota = reader.Object(entry, "token_quota", path),
        };
        if (reader.ErrorCount > before) return null;
        if (draft.ClientId == self)
        {
            reader.Error(SourceMap.Child(path, "client_id"), $"'{self}' is the client this CLI acts as; leave it out (export does).");
            return null;
        }
        reader.Server(ClientAdmin.Check(draft), path);
        if (reader.ErrorCount > before) return null;

        var defaults = new Client { ClientId = "" };
        var shaped = entry.DeepClone().AsObject();
        shaped["token_endpoint_auth_method"] = draft.TokenEndpointAuthMethod ?? defaults.TokenEndpointAuthMethod;
        shaped["allow_introspection"] = draft.AllowIntrospection ?? defaults.AllowIntrospection;
        return ServerState.Client(shaped);
    }

    /// <summary>What a grant may name: a client, an API (in the file or, without --prune, on the server), and that API's scopes (null: not checkable, the API has its own errors).</summary>
    private sealed record References(Func<string, bool> HasClient, Func<string, bool> HasApi, Func<string, JsonNode?> ScopesOf, string OnServer);

    private static JsonObject? Grant(FieldReader reader, JsonNode? node, string path, string self, References refs)
    {
        var entry = reader.Entry(node, path, ServerState.GrantFields);
        if (entry is null) return null;
        var before = reader.ErrorCount;
        var clientId = reader.String(entry, "client_id", path, required: true);
        var audience = reader.String(entry, "audience", path, required: true);
        var scope = reader.Strings(entry, "scope", path, required: true);
        if (reader.ErrorCount > before) return null;

        if (clientId == self) reader.Error(SourceMap.Child(path, "client_id"), $"'{self}' is the client this CLI acts as; its grants are left out.");
        else if (!refs.HasClient(clientId!)) reader.Error(SourceMap.Child(path, "client_id"), $"unknown client '{clientId}': not in the file's clients{refs.OnServer}.");
        if (audience == ServerState.AdminApi) reader.Error(SourceMap.Child(path, "audience"), "grants of the admin API are the server's own; leave them out.");
        else if (!refs.HasApi(audience!)) reader.Error(SourceMap.Child(path, "audience"), $"unknown api '{audience}': not in the file's apis{refs.OnServer}.");
        else if (refs.ScopesOf(audience!) is { } scopes)
        {
            var defined = (scopes as JsonArray ?? []).Select(s => ServerState.Text(s!, "value")).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < scope!.Count; i++)
                if (!defined.Contains(scope[i]))
                    reader.Error(SourceMap.Item(SourceMap.Child(path, "scope"), i), $"'{scope[i]}' is not a scope of '{audience}'.");
        }
        return reader.ErrorCount > before ? null : ServerState.Grant(entry);
    }
}
