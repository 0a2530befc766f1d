using System.CommandLine;
using System.Text.Json.Nodes;
using Tollgate.Cli.Output;

namespace Tollgate.Cli.Resources;

/// <summary><c>tollgate clients secrets list|add|delete</c> over <c>/admin/clients/{id}/secrets</c>: rotation without downtime.</summary>
public static class ClientSecretsCommands
{
    private static readonly Column[] Columns = [Column.Field("id", "id"), Column.Field("created", "created_at"), Column.Field("expires", "expires_at")];

    public static Command Create(ServerVerbs verbs)
    {
        var clientId = new Argument<string>("client") { Description = "The client's client_id." };
        var secretId = new Argument<string>("secret-id") { Description = "The secret's id (from 'secrets list')." };
        var expiresAt = new Option<DateTimeOffset?>("--expires-at") { Description = "When the new secret stops working (ISO 8601)." };
        var expireOthers = new Option<DateTimeOffset?>("--expire-others-at") { Description = "When the client's other secrets stop working (ISO 8601): the end of a rotation." };

        string Path(ParseResult p) => $"/admin/clients/{ServerVerbs.Segment(p.GetRequiredValue(clientId))}/secrets";

        return ServerVerbs.Group("secrets", "A client's secrets: metadata, a new one (shown once), delete.",
            verbs.Verb("list", "List a client's secrets (metadata only).", "tollgate clients secrets list reader",
                (p, server, output, ct) => Crud.ListAsync(server, output, Path(p), Columns, ct), clientId),
            verbs.Verb("add", "Add a secret; it is in this answer only.", "tollgate clients secrets add reader --expire-others-at 2026-12-31T00:00:00Z",
                (p, server, output, ct) =>
                {
                    var body = new JsonObject();
                    if (p.GetValue(expiresAt) is { } e) body["expires_at"] = e.ToString("O");
                    if (p.GetValue(expireOthers) is { } o) body["expire_others_at"] = o.ToString("O");
                    return Crud.CreateAsync(server, output, Path(p), body, ct);
                }, clientId, expiresAt, expireOthers),
            verbs.Verb("delete", "Delete one secret at once.", "tollgate clients secrets delete reader sec_0123",
                (p, server, output, ct) => Crud.DeleteAsync(server, output, $"{Path(p)}/{ServerVerbs.Segment(p.GetRequiredValue(secretId))}",
                    $"secret {p.GetRequiredValue(secretId)}", ct), clientId, secretId));
    }
}
