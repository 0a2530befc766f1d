using System.CommandLine;
using System.Text.Json.Nodes;
using Tollgate.Cli.Connection;
using Tollgate.Cli.Output;

namespace Tollgate.Cli.Resources;

/// <summary><c>tollgate apis create|list|get|update|delete</c> over <c>/admin/apis</c>.</summary>
public static class ApisCommands
{
    private static readonly Column[] Columns =
    [
        Column.Field("id", "id"), Column.Field("identifier", "identifier"), Column.Field("name", "name"),
        Column.Field("format", "token_format"), Column.Field("alg", "signing_alg"), Column.Field("lifetime", "access_token_lifetime"),
        Column.Field("scopes", "scopes"),
    ];

    public static Command Create(ServerVerbs verbs)
    {
        var id = new Argument<string>("api") { Description = "The API's id (api_…) or identifier (its audience)." };
        var identifier = new Argument<string>("identifier") { Description = "The API's identifier: the tokens' audience, an absolute URI or URN." };
        var name = new Option<string?>("--name") { Description = "A display name." };
        var scopes = new Option<string[]>("--scope") { Description = "A scope, as value or value=description; repeat for several. On update, the whole new list.", AllowMultipleArgumentsPerToken = false };
        var format = new Option<string?>("--token-format") { Description = "jwt (default) or opaque." };
        var alg = new Option<string?>("--signing-alg") { Description = "RS256 (default), ES256 or PS256." };
        var lifetime = new Option<int?>("--lifetime") { Description = "Access token lifetime in seconds (default 3600)." };

        JsonObject Body(ParseResult p, bool create)
        {
            var body = new JsonObject();
            if (create) body["identifier"] = p.GetValue(identifier);
            if (p.GetValue(name) is { } n) body["name"] = n;
            if (p.GetValue(scopes) is { Length: > 0 } s) body["scopes"] = ScopeList(s);
            if (p.GetValue(format) is { } f) body["token_format"] = f;
            if (p.GetValue(alg) is { } a) body["signing_alg"] = a;
            if (p.GetValue(lifetime) is { } l) body["access_token_lifetime"] = l;
            return body;
        }

        return ServerVerbs.Group("apis", "The APIs (resource servers): identifier = audience, scopes, token format, signing algorithm, lifetime.",
            verbs.Verb("create", "Register an API.", "tollgate apis create https://contacts.example --name Contacts --scope read:contacts --scope write:contacts",
                (p, server, output, ct) => Crud.CreateAsync(server, output, "/admin/apis", Body(p, create: true), ct), identifier, name, scopes, format, alg, lifetime),
            verbs.Verb("list", "List the APIs.", "tollgate apis list --format json",
                (_, server, output, ct) => Crud.ListAsync(server, output, "/admin/apis", Columns, ct)),
            verbs.Verb("get", "Show one API.", "tollgate apis get https://contacts.example",
                (p, server, output, ct) => Crud.GetAsync(server, output, $"/admin/apis/{ServerVerbs.Segment(p.GetRequiredValue(id))}", ct), id),
            verbs.Verb("update", "Change an API; options left out stay as they are.", "tollgate apis update https://contacts.example --lifetime 900",
                (p, server, output, ct) => Crud.UpdateAsync(server, output, $"/admin/apis/{ServerVerbs.Segment(p.GetRequiredValue(id))}", Body(p, create: false), ct),
                id, name, scopes, format, alg, lifetime),
            verbs.Verb("delete", "Delete an API and its grants.", "tollgate apis delete https://contacts.example",
                (p, server, output, ct) => Crud.DeleteAsync(server, output, $"/admin/apis/{ServerVerbs.Segment(p.GetRequiredValue(id))}", $"API {p.GetRequiredValue(id)}", ct), id));
    }

    public static JsonArray ScopeList(IEnumerable<string> values) => new(values.Select(v =>
    {
        var at = v.IndexOf('=', StringComparison.Ordinal);
        var scope = new JsonObject { ["value"] = at < 0 ? v : v[..at] };
        if (at >= 0) scope["description"] = v[(at + 1)..];
        return (JsonNode)scope;
    }).ToArray());
}
