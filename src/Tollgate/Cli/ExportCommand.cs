using System.CommandLine;
using System.Text.Json.Nodes;
using Tollgate.Cli.Connection;
using Tollgate.Cli.Output;

namespace Tollgate.Cli;

/// <summary>
/// <c>tollgate export</c>: the server's configuration (APIs with scopes and route rules, clients
/// without secrets, grants) as YAML (default) or JSON, stably ordered and without server-made ids
/// or timestamps, so two exports of the same state are byte-identical and diff well in git. The
/// admin API, its grants and the client the CLI acts as are the server's own and left out.
/// </summary>
public static class ExportCommand
{
    private const string AdminApi = "tollgate:admin";
    private static readonly string[] ApiFields = ["identifier", "name", "token_format", "signing_alg", "access_token_lifetime", "scopes"];
    private static readonly string[] ClientFields = ["client_id", "client_name", "token_endpoint_auth_method", "access_token_lifetime", "allowed_origins", "allow_introspection", "metadata", "jwks_uri", "jwks"];

    public static Command Create(ServerVerbs verbs)
    {
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of stdout." };
        return verbs.Verb("export", "Write the server's configuration as YAML (or --format json): APIs, scopes, routes, clients (no secrets), grants.",
            "tollgate export -o tollgate.yaml",
            async (p, server, renderer, ct) =>
            {
                var (document, failure) = await ExportAsync(server, ct);
                if (document is null) return failure;
                var text = renderer.Format == "json" ? document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n" : Renderer.ToYaml(document);
                if (p.GetValue(output) is { } file) File.WriteAllText(file.FullName, text);
                else verbs.Cli.Stdout.Write(text);
                return null;
            }, output);
    }

    public static async Task<(JsonObject? Document, CliFailure? Failure)> ExportAsync(ServerClient server, CancellationToken ct)
    {
        var self = server.Credentials.ClientId;
        var (apis, failure) = await server.ListAllAsync("/admin/apis", ct);
        if (failure is not null) return (null, failure);
        var (clients, clientsFailure) = await server.ListAllAsync("/admin/clients", ct);
        if (clientsFailure is not null) return (null, clientsFailure);
        var (grants, grantsFailure) = await server.ListAllAsync("/admin/grants", ct);
        if (grantsFailure is not null) return (null, grantsFailure);

        var apiList = new JsonArray();
        foreach (var api in apis.Where(a => Text(a, "identifier") != AdminApi).OrderBy(a => Text(a, "identifier"), StringComparer.Ordinal))
        {
            var entry = Pick(api, ApiFields);
            var (routes, routesFailure) = await server.AdminAsync(HttpMethod.Get, $"/admin/apis/{ServerVerbs.Segment(Text(api, "id"))}/routes", null, ct);
            if (routesFailure is not null) return (null, routesFailure);
            if (routes?["rules"] is JsonArray { Count: > 0 } rules) entry["routes"] = rules.DeepClone();
            apiList.Add(entry);
        }
        var clientList = new JsonArray(clients.Where(c => Text(c, "client_id") != self).OrderBy(c => Text(c, "client_id"), StringComparer.Ordinal)
            .Select(c => (JsonNode)Pick(c, ClientFields)).ToArray());
        var grantList = new JsonArray(grants.Where(g => Text(g, "audience") != AdminApi && Text(g, "client_id") != self)
            .OrderBy(g => Text(g, "client_id"), StringComparer.Ordinal).ThenBy(g => Text(g, "audience"), StringComparer.Ordinal)
            .Select(g => (JsonNode)new JsonObject
            {
                ["client_id"] = Text(g, "client_id"), ["audience"] = Text(g, "audience"),
                ["scope"] = new JsonArray((g["scope"] as JsonArray ?? []).Select(s => s!.GetValue<string>()).Order(StringComparer.Ordinal).Select(s => (JsonNode)s).ToArray()),
            }).ToArray());
        return (new JsonObject { ["apis"] = apiList, ["clients"] = clientList, ["grants"] = grantList }, null);
    }

    /// <summary>The configurable fields in a fixed order; empty and default-free values left out so the file stays short.</summary>
    private static JsonObject Pick(JsonNode item, string[] fields)
    {
        var picked = new JsonObject();
        foreach (var field in fields)
        {
            var value = item[field];
            if (value is null || value is JsonArray { Count: 0 } || value is JsonObject { Count: 0 }) continue;
            picked[field] = value.DeepClone();
        }
        return picked;
    }

    private static string Text(JsonNode item, string field) => item[field]?.GetValue<string>() ?? "";
}
