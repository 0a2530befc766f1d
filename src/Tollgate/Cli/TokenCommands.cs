using System.CommandLine;
using System.Text.Json.Nodes;
using Tollgate.Cli.Connection;

namespace Tollgate.Cli;

/// <summary>
/// Token helpers for any client, not only admins: <c>token</c> (client credentials),
/// <c>introspect</c> (RFC 7662, as a client with allow_introspection) and <c>revoke</c> (RFC 7009,
/// the token's own client). They use the same --client-id/--client-secret as every verb.
/// </summary>
public static class TokenCommands
{
    public static IEnumerable<Command> Create(ServerVerbs verbs)
    {
        var audience = new Option<string?>("--audience") { Description = "The API (its identifier) the token is for." };
        var scope = new Option<string[]>("--scope") { Description = "Narrow the token to these scopes; repeat for several." };
        var token = new Argument<string>("token") { Description = "The token, or - to read it from stdin." };

        yield return verbs.Verb("token", "Get an access token by client credentials; prints the token, or the whole answer with --format json.",
            "TOLLGATE_CLIENT_ID=reader TOLLGATE_CLIENT_SECRET=$(jq -r .client_secret reader.json) tollgate token --audience https://contacts.example",
            async (p, server, output, ct) =>
            {
                var form = new List<KeyValuePair<string, string>>();
                if (p.GetValue(audience) is { } a) form.Add(new("audience", a));
                if (p.GetValue(scope) is { Length: > 0 } s) form.Add(new("scope", string.Join(' ', s)));
                var (answer, failure) = await server.RequestTokenAsync(form, ct);
                if (failure is not null || answer is null) return failure;
                if (output.Format == "table") verbs.Cli.Stdout.WriteLine(answer["access_token"]?.GetValue<string>());
                else output.Structured(answer);
                return null;
            }, audience, scope);

        yield return verbs.Verb("introspect", "Ask the server whether a token is active (RFC 7662); exit 8 when it is not.",
            "tollgate introspect \"$TOKEN\"",
            async (p, server, output, ct) =>
            {
                var (answer, failure) = await server.PostFormAsync("/oauth2/introspect", [new("token", Read(p.GetRequiredValue(token), verbs.Cli))], ct);
                if (failure is not null || answer is null) return failure;
                output.Item(answer);
                return answer["active"] is JsonValue v && v.TryGetValue<bool>(out var active) && active
                    ? null : new CliFailure(ExitCodes.Refused, "the token is not active.");
            }, token);

        yield return verbs.Verb("revoke", "Revoke a token of the client you act as (RFC 7009).",
            "tollgate revoke \"$TOKEN\"",
            async (p, server, output, ct) =>
            {
                var (_, failure) = await server.PostFormAsync("/oauth2/revoke", [new("token", Read(p.GetRequiredValue(token), verbs.Cli))], ct);
                if (failure is null) output.Message("Revoked (if the token was this client's).");
                return failure;
            }, token);
    }

    private static string Read(string token, CliContext cli) => token == "-" ? (cli.Stdin.ReadToEnd()).Trim() : token;
}
