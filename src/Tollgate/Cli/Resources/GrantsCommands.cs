using System.CommandLine;
using System.Text.Json.Nodes;
using Tollgate.Cli.Output;

namespace Tollgate.Cli.Resources;

/// <summary>
/// <c>tollgate grants create|list|get|update|delete</c> over <c>/admin/grants</c>. The client is
/// positional (<c>--client-id</c> is the CLI's own identity).
/// </summary>
public static class GrantsCommands
{
    private static readonly Column[] Columns =
        [Column.Field("id", "id"), Column.Field("client_id", "client_id"), Column.Field("audience", "audience"), Column.Field("scope", "scope")];

    public static Command Create(ServerVerbs verbs)
    {
        var id = new Argument<string>("grant") { Description = "The grant's id." };
        var client = new Argument<string>("client") { Description = "The client's client_id." };
        var audience = new Argument<string>("audience") { Description = "The API's identifier." };
        var scopes = new Option<string[]>("--scope") { Description = "A granted scope; repeat for several. On update, the whole new list.", Required = true };
        var forClient = new Option<string?>("--client") { Description = "Only this client's grants." };
        var forAudience = new Option<string?>("--audience") { Description = "Only grants for this API." };

        string Path(ParseResult p) => $"/admin/grants/{ServerVerbs.Segment(p.GetRequiredValue(id))}";
        JsonArray Scopes(ParseResult p) => new(p.GetRequiredValue(scopes).Select(s => (JsonNode)s).ToArray());

        return ServerVerbs.Group("grants", "Which client may get which scopes of which API.",
            verbs.Verb("create", "Grant a client scopes of an API.", "tollgate grants create reader https://contacts.example --scope read:contacts",
                (p, server, output, ct) => Crud.CreateAsync(server, output, "/admin/grants",
                    new JsonObject { ["client_id"] = p.GetRequiredValue(client), ["audience"] = p.GetRequiredValue(audience), ["scope"] = Scopes(p) }, ct),
                client, audience, scopes),
            verbs.Verb("list", "List grants, optionally of one client or API.", "tollgate grants list --client reader",
                (p, server, output, ct) =>
                {
                    var query = new List<string>();
                    if (p.GetValue(forClient) is { } c) query.Add($"client_id={Uri.EscapeDataString(c)}");
                    if (p.GetValue(forAudience) is { } a) query.Add($"audience={Uri.EscapeDataString(a)}");
                    return Crud.ListAsync(server, output, "/admin/grants" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), Columns, ct);
                }, forClient, forAudience),
            verbs.Verb("get", "Show one grant.", "tollgate grants get grt_0123",
                (p, server, output, ct) => Crud.GetAsync(server, output, Path(p), ct), id),
            verbs.Verb("update", "Replace a grant's scopes.", "tollgate grants update grt_0123 --scope read:contacts --scope write:contacts",
                (p, server, output, ct) => Crud.UpdateAsync(server, output, Path(p), new JsonObject { ["scope"] = Scopes(p) }, ct), id, scopes),
            verbs.Verb("delete", "Delete a grant.", "tollgate grants delete grt_0123",
                (p, server, output, ct) => Crud.DeleteAsync(server, output, Path(p), $"grant {p.GetRequiredValue(id)}", ct), id));
    }
}
