using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Cli.Output;

namespace Tollgate.Cli.Resources;

/// <summary>
/// <c>tollgate clients create|list|get|update|delete</c> over <c>/admin/clients</c>, and
/// <c>clients secrets</c>. A created client's secret is printed once, in the create answer.
/// </summary>
public static class ClientsCommands
{
    private static readonly Column[] Columns =
    [
        Column.Field("client_id", "client_id"), Column.Field("name", "client_name"), Column.Field("auth", "token_endpoint_auth_method"),
        Column.Field("introspect", "allow_introspection"), Column.Field("lifetime", "access_token_lifetime"), Column.Field("created", "created_at"),
    ];

    public static Command Create(ServerVerbs verbs)
    {
        var clientId = new Argument<string>("client") { Description = "The client's client_id." };
        var newId = new Option<string?>("--id") { Description = "The client_id to use (generated when left out)." };
        var name = new Option<string?>("--name") { Description = "A display name." };
        var auth = new Option<string?>("--auth-method") { Description = "client_secret_basic (default), client_secret_post, private_key_jwt, tls_client_auth or self_signed_tls_client_auth." };
        var lifetime = new Option<int?>("--lifetime") { Description = "Access token lifetime in seconds; wins over the API's when shorter." };
        var origins = new Option<string[]>("--origin") { Description = "A web origin (https://app.example) for browser apps; repeat for several." };
        var introspection = new Option<bool?>("--allow-introspection") { Description = "May call /oauth2/introspect and read the revocation feed (true/false)." };
        var metadata = new Option<string?>("--metadata") { Description = "A JSON object kept with the client." };
        var jwksUri = new Option<string?>("--jwks-uri") { Description = "For private_key_jwt: where the client's keys are." };

        (JsonObject? Body, Connection.CliFailure? Error) Body(ParseResult p, bool create)
        {
            var body = new JsonObject();
            if (create && p.GetValue(newId) is { } i) body["client_id"] = i;
            if (p.GetValue(name) is { } n) body["client_name"] = n;
            if (p.GetValue(auth) is { } a) body["token_endpoint_auth_method"] = a;
            if (p.GetValue(lifetime) is { } l) body["access_token_lifetime"] = l;
            if (p.GetValue(origins) is { Length: > 0 } o) body["allowed_origins"] = new JsonArray(o.Select(x => (JsonNode)x).ToArray());
            if (p.GetValue(introspection) is { } b) body["allow_introspection"] = b;
            if (p.GetValue(jwksUri) is { } j) body["jwks_uri"] = j;
            if (p.GetValue(metadata) is { } m)
            {
                try { body["metadata"] = JsonNode.Parse(m); }
                catch (JsonException e) { return (null, new Connection.CliFailure(ExitCodes.Usage, $"--metadata is not JSON: {e.Message}")); }
            }
            return (body, null);
        }

        string Path(ParseResult p) => $"/admin/clients/{ServerVerbs.Segment(p.GetRequiredValue(clientId))}";

        return ServerVerbs.Group("clients", "The client applications that get tokens.",
            verbs.Verb("create", "Register a client; its secret is in this answer only.", "tollgate clients create --name \"read service\" --format json > reader.json",
                (p, server, output, ct) => Body(p, true) is ({ } body, _) ? Crud.CreateAsync(server, output, "/admin/clients", body, ct) : Task.FromResult(Body(p, true).Error),
                newId, name, auth, lifetime, origins, introspection, metadata, jwksUri),
            verbs.Verb("list", "List the clients.", "tollgate clients list",
                (_, server, output, ct) => Crud.ListAsync(server, output, "/admin/clients", Columns, ct)),
            verbs.Verb("get", "Show one client (never its secret).", "tollgate clients get reader",
                (p, server, output, ct) => Crud.GetAsync(server, output, Path(p), ct), clientId),
            verbs.Verb("update", "Change a client; options left out stay as they are.", "tollgate clients update reader --name \"read service v2\"",
                (p, server, output, ct) => Body(p, false) is ({ } body, _) ? Crud.UpdateAsync(server, output, Path(p), body, ct) : Task.FromResult(Body(p, false).Error),
                clientId, name, auth, lifetime, origins, introspection, metadata, jwksUri),
            verbs.Verb("delete", "Delete a client and its grants; its tokens stop introspecting as active.", "tollgate clients delete reader",
                (p, server, output, ct) => Crud.DeleteAsync(server, output, Path(p), $"client {p.GetRequiredValue(clientId)}", ct), clientId),
            ClientSecretsCommands.Create(verbs));
    }
}
