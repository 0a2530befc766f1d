using System.CommandLine;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Authorizer.Jwks;
using Tollgate.Authorizer.Jwt;
using Tollgate.Cli.Connection;
using Tollgate.Cli.Output;

namespace Tollgate.Cli;

/// <summary>
/// <c>decode</c> (a JWT's header and claims, its signature checked against the server's JWKS with
/// the authorizer's own validator) and <c>decide</c> (the server's <c>/decisions</c> answer for a
/// method and path, as the gateways get it). Both need only <c>--endpoint</c>, no credentials.
/// </summary>
public static class InspectCommands
{
    public static IEnumerable<Command> Create(ServerVerbs verbs)
    {
        var token = new Argument<string>("token") { Description = "The token, or - to read it from stdin." };
        var decode = new Command("decode", "Show a JWT's header and claims and check its signature, issuer and lifetime against the server; exit 8 when invalid.\n\nExample:\n  tollgate decode \"$TOKEN\"") { token };
        decode.SetAction((p, ct) => Endpoint(verbs, p, endpoint => DecodeAsync(endpoint, Read(p.GetRequiredValue(token), verbs.Cli), Output(verbs, p), ct)));
        yield return decode;

        var method = new Option<string>("--method") { Description = "The request's method.", DefaultValueFactory = _ => "GET" };
        var path = new Option<string>("--path") { Description = "The request's path (and query).", Required = true };
        var audience = new Option<string?>("--audience") { Description = "The API whose rules apply (default: the token's aud)." };
        var decideToken = new Argument<string>("token") { Description = "The caller's token, or - to read it from stdin.", Arity = ArgumentArity.ExactlyOne };
        var decide = new Command("decide", "Ask the server's /decisions what a gateway would do with a request: allow, 401, 403 or 429, with the reason; exit 8 when refused.\n\n" +
                                 "Example:\n  tollgate decide --method POST --path /contacts \"$READ_TOKEN\"") { method, path, audience, decideToken };
        decide.SetAction((p, ct) => Endpoint(verbs, p, endpoint => DecideAsync(endpoint, p.GetRequiredValue(method), p.GetRequiredValue(path),
            p.GetValue(audience), Read(p.GetRequiredValue(decideToken), verbs.Cli), Output(verbs, p), ct)));
        yield return decide;
    }

    private static Renderer Output(ServerVerbs verbs, ParseResult p) => new(verbs.Cli.Stdout, p.GetValue(verbs.Connection.Format) ?? "table");

    private static async Task<int> Endpoint(ServerVerbs verbs, ParseResult p, Func<string, Task<CliFailure?>> run)
    {
        var (endpoint, error) = verbs.Connection.ResolveEndpoint(p, verbs.Cli);
        if (endpoint is null) return new CliFailure(ExitCodes.Usage, error!).WriteTo(verbs.Cli.Stderr);
        try
        {
            return (await run(endpoint))?.WriteTo(verbs.Cli.Stderr) ?? ExitCodes.Ok;
        }
        catch (HttpRequestException e)
        {
            return new CliFailure(ExitCodes.Unreachable, $"cannot reach {endpoint}: {e.Message}").WriteTo(verbs.Cli.Stderr);
        }
    }

    private static async Task<CliFailure?> DecodeAsync(string endpoint, string token, Renderer output, CancellationToken ct)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return new CliFailure(ExitCodes.Usage, "not a JWT: expected three dot-separated parts (an opaque token? use 'tollgate introspect').");
        JsonNode? header, claims;
        try
        {
            header = JsonNode.Parse(Base64Url(parts[0]));
            claims = JsonNode.Parse(Base64Url(parts[1]));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return new CliFailure(ExitCodes.Usage, $"not a JWT: {e.Message}");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var metadata = JsonNode.Parse(await http.GetStringAsync($"{endpoint}/.well-known/oauth-authorization-server", ct));
        var issuer = metadata?["issuer"]?.GetValue<string>() ?? endpoint;
        var jwksUri = metadata?["jwks_uri"]?.GetValue<string>() ?? $"{endpoint}/.well-known/jwks.json";
        var audiences = claims?["aud"] switch { JsonArray a => a.Select(x => x!.GetValue<string>()).ToArray(), JsonValue v => [v.GetValue<string>()], _ => [] };
        var timeout = TimeSpan.FromSeconds(10);
        var keys = new JwksCache(new JwksLocator(issuer, new Uri(jwksUri), http, timeout), http, new JwksCacheSettings { FetchTimeout = timeout }, TimeProvider.System, NullLogger.Instance);
        var validator = new JwtValidator([new TrustedIssuer(issuer, keys, audiences)],
            new JwtValidationSettings([JwsAlgorithm.RS256, JwsAlgorithm.ES256, JwsAlgorithm.PS256], ["at+jwt"], TimeSpan.FromSeconds(30), 16 * 1024), TimeProvider.System);
        var result = await validator.ValidateAsync(token, ct);

        var verdict = result.IsValid ? "valid" : $"{result.Reason}{(result.Detail is null ? "" : ": " + result.Detail)}";
        output.Structured(new JsonObject { ["header"] = header, ["claims"] = claims, ["validation"] = verdict, ["issuer_checked"] = issuer }, yamlForTable: true);
        return result.IsValid ? null : new CliFailure(ExitCodes.Refused, $"the token is not valid here: {verdict}.");
    }

    private static async Task<CliFailure?> DecideAsync(string endpoint, string method, string path, string? audience, string token, Renderer output, CancellationToken ct)
    {
        if (audience is null && token.Split('.') is { Length: 3 } parts)
        {
            try { audience = JsonNode.Parse(Base64Url(parts[1]))?["aud"] switch { JsonArray a => a[0]?.GetValue<string>(), JsonValue v => v.GetValue<string>(), _ => null }; }
            catch (Exception e) when (e is FormatException or JsonException) { }
        }
        if (audience is null) return new CliFailure(ExitCodes.Usage, "which API? pass --audience (the token does not name one).");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{endpoint}/decisions");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        request.Headers.TryAddWithoutValidation("X-Original-Method", method.ToUpperInvariant());
        request.Headers.TryAddWithoutValidation("X-Original-URI", path);
        request.Headers.TryAddWithoutValidation("X-Tollgate-Audience", audience);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        JsonObject? json = null;
        try { json = body.Length > 0 ? JsonNode.Parse(body) as JsonObject : null; }
        catch (JsonException) { }

        var decision = new JsonObject
        {
            ["decision"] = response.StatusCode switch
            {
                HttpStatusCode.OK => "allow", HttpStatusCode.Forbidden => "forbidden", HttpStatusCode.Unauthorized => "unauthorized",
                HttpStatusCode.TooManyRequests => "rate_limited", _ => "error",
            },
            ["status"] = (int)response.StatusCode,
            ["request"] = $"{method.ToUpperInvariant()} {path}",
            ["audience"] = audience,
        };
        if (response.Headers.TryGetValues("X-Tollgate-Client-Id", out var client)) decision["client_id"] = client.First();
        if (response.Headers.TryGetValues("X-Tollgate-Scopes", out var scopes)) decision["scopes"] = scopes.First();
        if (json?["error_description"] is { } reason) decision["reason"] = reason.DeepClone();
        if (json?["scope"] is JsonValue required && required.GetValue<string>().Length > 0) decision["required_scope"] = required.DeepClone();
        if (response.Headers.RetryAfter?.Delta is { } retryAfter) decision["retry_after"] = (long)retryAfter.TotalSeconds;
        if (response.StatusCode == HttpStatusCode.TooManyRequests && json?["error"] is { } code) decision["reason"] = code.DeepClone();   // its description is a sentence
        output.Item(decision);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => null,
            HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized => new CliFailure(ExitCodes.Refused, $"refused: {decision["reason"]?.GetValue<string>() ?? decision["decision"]!.GetValue<string>()}."),
            // The client is past the API's rate_limit (on the node that answered); the ask itself counted as one request.
            HttpStatusCode.TooManyRequests => new CliFailure(ExitCodes.Refused, $"refused: rate_limited, retry after {decision["retry_after"]} s."),
            _ => new CliFailure(ExitCodes.Failure, $"/decisions answered {(int)response.StatusCode}: {json?["error_description"] ?? body}"),
        };
    }

    private static string Base64Url(string part)
    {
        var s = part.Replace('-', '+').Replace('_', '/');
        return Encoding.UTF8.GetString(Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=')));
    }

    private static string Read(string token, CliContext cli) => token == "-" ? cli.Stdin.ReadToEnd().Trim() : token;
}
