using Tollgate.Authorizer.Decisions;
using Tollgate.Core.Secrets;
using Tollgate.Core.Tokens;
using Tollgate.Server.Decisions;

namespace Tollgate.Server.Console;

/// <summary>One tester answer: the decision as <c>/decisions</c> renders it, and the rule the engine's route table matched.</summary>
public sealed record TesterResult(int Status, Decision? Decision, string MatchedRule, string? Note);

/// <summary>
/// "Can this client call <c>POST /orders</c>, and why?": asks the same embedded decision engine the
/// <c>/decisions</c> endpoint asks. For a chosen client it mints a one-minute token with the client's
/// granted scopes in the API's format (never shown, never usable beyond the test); a pasted token is
/// judged as sent.
/// </summary>
public sealed class DecisionTester(IDecisionAuthorizers authorizers, Core.Catalog.Catalog catalog, IEnumerable<IAccessTokenFormat> formats,
    Core.OAuth.IIssuer issuer, TimeProvider time)
{
    public static readonly TimeSpan TestTokenLifetime = TimeSpan.FromMinutes(1);

    public async Task<TesterResult> TestAsync(string audience, string method, string path, string? clientId, string? token, CancellationToken cancellationToken)
    {
        var snapshot = catalog.Current;
        if (snapshot.FindApi(audience) is not { } api || authorizers.For(audience) is not { } authorizer)
            return new TesterResult(500, null, "", $"No API '{audience}': a gateway naming it gets 500 server_error.");
        var table = ConsoleQueries.TableOf(api);
        var match = table.Match(method, path);
        var matched = match.InvalidPath ? "none: the path holds dot segments or encoded slashes" : match.Rule?.ToString() ?? "none (no rule matches: refused by default)";

        string? note = null;
        if (string.IsNullOrWhiteSpace(token))
        {
            if (clientId is null || snapshot.FindClient(clientId) is null) return new TesterResult(400, null, matched, $"No client '{clientId}'.");
            if (!snapshot.GrantsOf(clientId).TryGetValue(audience, out var grant))
                return new TesterResult(401, null, matched, $"'{clientId}' has no grant for '{audience}': the token endpoint refuses it a token (access_denied), so every call is 401.");
            var now = time.GetUtcNow();
            var claims = new AccessTokenClaims(issuer.Value, clientId, api.Identifier, string.Join(' ', grant.Scope), now, now + TestTokenLifetime, Ids.New("console-test-", 22));
            token = await formats.First(f => f.Format == api.TokenFormat).IssueAsync(claims, api, cancellationToken);
            note = $"Judged with a test token for '{clientId}' carrying its granted scopes: {(grant.Scope.IsEmpty ? "(none)" : string.Join(' ', grant.Scope))}.";
            if (api.RequireDpop || snapshot.FindClient(clientId)!.DpopBoundAccessTokens)
                note += " The test token is a bearer token: DPoP-bound calls need a proof from the client's own key, which the tester cannot make.";
        }

        var decision = await authorizer.DecideAsync(new AuthorizationRequest
        {
            Method = method.ToUpperInvariant(),
            Path = path,
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Authorization"] = "Bearer " + token.Trim() },
        }, cancellationToken);
        // The tester asks the live engine: with a rate_limit on the API, a test is one of the client's requests on this node.
        var status = decision.Kind switch { DecisionKind.Allow => 200, DecisionKind.Forbidden => 403, DecisionKind.TooManyRequests => 429, _ => 401 };
        return new TesterResult(status, decision, matched, note);
    }
}
