using System.CommandLine;
using System.Text.Json.Nodes;
using Tollgate.Cli.Output;

namespace Tollgate.Cli.Resources;

/// <summary>
/// <c>tollgate revocations list|client|grant|token</c> over <c>/admin/revocations</c>: revoke every
/// token of a client, of a client for one API, or one token by jti.
/// </summary>
public static class RevocationsCommands
{
    private static readonly Column[] Columns =
    [
        Column.Field("seq", "seq"), Column.Field("type", "type"), Column.Field("client_id", "client_id"), Column.Field("audience", "audience"),
        Column.Field("jti", "jti"), Column.Field("expires", "expires_at"),
    ];

    public static Command Create(ServerVerbs verbs)
    {
        var client = new Argument<string>("client") { Description = "The client's client_id." };
        var audience = new Argument<string>("audience") { Description = "The API's identifier." };
        var jti = new Argument<string>("jti") { Description = "The token's jti claim." };
        var expiresAt = new Option<DateTimeOffset>("--expires-at") { Description = "The token's exp (ISO 8601): when the entry can go.", Required = true };
        var since = new Option<long?>("--since") { Description = "Only entries after this sequence number." };

        Task<Connection.CliFailure?> Add(Connection.ServerClient server, Renderer output, JsonObject body, CancellationToken ct)
            => Crud.CreateAsync(server, output, "/admin/revocations", body, ct);

        return ServerVerbs.Group("revocations", "Revoke tokens; every authorizer refuses them within seconds.",
            verbs.Verb("list", "List the live revocation entries.", "tollgate revocations list",
                (p, server, output, ct) => Crud.ListAsync(server, output, p.GetValue(since) is { } s ? $"/admin/revocations?since={s}" : "/admin/revocations", Columns, ct), since),
            verbs.Verb("client", "Revoke every token issued to a client so far.", "tollgate revocations client reader",
                (p, server, output, ct) => Add(server, output, new JsonObject { ["type"] = "client", ["client_id"] = p.GetRequiredValue(client) }, ct), client),
            verbs.Verb("grant", "Revoke every token issued to a client for one API so far.", "tollgate revocations grant reader https://contacts.example",
                (p, server, output, ct) => Add(server, output,
                    new JsonObject { ["type"] = "grant", ["client_id"] = p.GetRequiredValue(client), ["audience"] = p.GetRequiredValue(audience) }, ct), client, audience),
            verbs.Verb("token", "Revoke one token by its jti.", "tollgate revocations token 01JD... --expires-at 2026-12-06T06:00:00Z",
                (p, server, output, ct) => Add(server, output,
                    new JsonObject { ["type"] = "token", ["jti"] = p.GetRequiredValue(jti), ["expires_at"] = p.GetRequiredValue(expiresAt).ToString("O") }, ct), jti, expiresAt));
    }
}
