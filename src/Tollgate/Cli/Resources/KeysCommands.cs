using Tollgate.Core.Apis;
using System.CommandLine;
using System.Text.Json.Nodes;
using Tollgate.Cli.Output;

namespace Tollgate.Cli.Resources;

/// <summary><c>tollgate keys list|rotate</c> over <c>/admin/keys</c>: the signing keys' schedule and manual rotation.</summary>
public static class KeysCommands
{
    private static readonly Column[] Columns =
    [
        Column.Field("kid", "kid"), Column.Field("alg", "alg"), Column.Field("status", "status"), Column.Field("activates", "activates_at"),
        Column.Field("retires", "retires_at"), Column.Field("expires", "expires_at"),
    ];

    public static Command Create(ServerVerbs verbs)
    {
        var alg = new Option<string>("--alg") { Description = "The key's algorithm: RS256 (default), ES256 or PS256.", DefaultValueFactory = _ => "RS256" };
        var at = new Option<DateTimeOffset?>("--at") { Description = "When the new key starts signing (ISO 8601), at least the pre-publish interval from now. Default: after that interval." };
        var now = new Option<bool>("--now") { Description = "Sign with the new key at once (a compromised key): caches refetch the JWKS on the unknown kid." };
        alg.AcceptOnlyFromAmong([.. SigningAlgorithms.Supported]);

        return ServerVerbs.Group("keys", "The signing keys: schedule and rotation.",
            verbs.Verb("list", "List every key with its status (next, current, retired) and schedule.", "tollgate keys list",
                (_, server, output, ct) => Crud.ListAsync(server, output, "/admin/keys", Columns, ct)),
            verbs.Verb("rotate", "Create the next key for an algorithm.", "tollgate keys rotate --alg ES256 --at 2026-12-24T00:00:00Z",
                (p, server, output, ct) =>
                {
                    var body = new JsonObject { ["alg"] = p.GetValue(alg) };
                    if (p.GetValue(at) is { } when) body["activates_at"] = when.ToString("O");
                    if (p.GetValue(now)) body["immediately"] = true;
                    return Crud.CreateAsync(server, output, "/admin/keys/rotate", body, ct);
                }, alg, at, now));
    }
}
