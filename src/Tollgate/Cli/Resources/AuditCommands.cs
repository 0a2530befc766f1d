using System.CommandLine;
using System.Text.Json.Nodes;
using Tollgate.Cli.Connection;
using Tollgate.Cli.Output;

namespace Tollgate.Cli.Resources;

/// <summary>
/// <c>tollgate audit list|verify</c> over <c>/admin/audit</c>. Verification runs on the server,
/// which holds the system secret the chain is keyed with; the CLI shows the answer and exits 1
/// when the chain is broken, so a cron job or CI step can alert on it.
/// </summary>
public static class AuditCommands
{
    private static readonly Column[] Columns =
    [
        Column.Field("id", "id"), Column.Field("at", "at"), Column.Field("actor", "actor"), Column.Field("address", "address"),
        Column.Field("action", "action"), Column.Field("kind", "resource_kind"), Column.Field("resource", "resource_id"),
    ];

    public static Command Create(ServerVerbs verbs)
    {
        var filters = new (Option<string?> Option, string Parameter)[]
        {
            (new("--resource-kind") { Description = "Only entries about this kind: api, client, grant, policy, key, revocation, audit." }, "resource_kind"),
            (new("--resource-id") { Description = "Only entries about this resource (an API id, a client id, a grant id, …)." }, "resource_id"),
            (new("--actor") { Description = "Only changes made by this admin client (or 'system')." }, "actor"),
            (new("--action") { Description = "Only this action, e.g. client.create or api.routes.put." }, "action"),
            (new("--from") { Description = "Only entries at or after this time (ISO 8601)." }, "from"),
            (new("--to") { Description = "Only entries before this time (ISO 8601)." }, "to"),
        };

        return ServerVerbs.Group("audit", "The audit trail of admin changes.",
            verbs.Verb("list", "List audit entries, oldest first, optionally filtered.", "tollgate audit list --resource-kind client --from 2026-12-01T00:00:00Z",
                (p, server, output, ct) =>
                {
                    var query = string.Join('&', filters.Where(f => p.GetValue(f.Option) is not null)
                        .Select(f => $"{f.Parameter}={Uri.EscapeDataString(p.GetValue(f.Option)!)}"));
                    return Crud.ListAsync(server, output, query.Length > 0 ? $"/admin/audit?{query}" : "/admin/audit", Columns, ct);
                }, [.. filters.Select(f => (Symbol)f.Option)]),
            verbs.Verb("verify", "Check the chain: every kept entry unchanged, none missing or out of order. Exit code 1 names the first bad entry.",
                "tollgate audit verify", VerifyAsync));
    }

    private static async Task<CliFailure?> VerifyAsync(ParseResult parse, ServerClient server, Renderer output, CancellationToken ct)
    {
        var (body, failure) = await server.AdminAsync(HttpMethod.Get, "/admin/audit/verify", null, ct);
        if (failure is not null) return failure;
        if (body is not JsonObject result || result["ok"]?.GetValue<bool>() is not { } ok) return new CliFailure(ExitCodes.Failure, "the server's answer is not an audit verification.");
        if (output.Format != "table") output.Item(result);
        if (!ok)
            return new CliFailure(ExitCodes.Failure, $"audit chain broken at entry {Column.Show(result["first_bad_id"])}: {Column.Show(result["problem"])}");
        if (output.Format == "table")
            output.Message($"Audit chain intact: {Column.Show(result["checked"])} entries checked (after anchor {Column.Show(result["anchor_id"])}, up to {Column.Show(result["head_id"])}).");
        return null;
    }
}
