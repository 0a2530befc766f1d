using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Dpop;

namespace Tollgate.AspNetCore;

/// <summary>
/// Asks the decision engine about each request (<c>Bearer</c> or RFC 9449 <c>DPoP</c> tokens) and renders its answer: a principal for a valid
/// token (client_id, sub, iss, aud, jti and one <c>scope</c> claim per scope), a failure naming
/// the reason code otherwise; challenges and forbids with RFC 6750 §3 <c>WWW-Authenticate</c>, and a client past the
/// API's rate limit with 429 and <c>Retry-After</c>.
/// The engine logs every decision with its reason code.
/// </summary>
public sealed class TollgateAuthenticationHandler(
    IOptionsMonitor<TollgateAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TollgateAuthorizers authorizers) : AuthenticationHandler<TollgateAuthenticationOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var decision = await authorizers.For(Scheme.Name).DecideAsync(RequestAdapter.From(Request), Context.RequestAborted);
        Context.Items[TollgateDefaults.DecisionItem] = decision;
        if (decision.Kind == DecisionKind.Unauthorized)
            return decision.Reason == ReasonCodes.MissingToken ? AuthenticateResult.NoResult() : AuthenticateResult.Fail(decision.Reason);
        // Past the API's rate limit: not authenticated for this request, and the challenge answers 429 (whether [Authorize] or the route rules ask).
        if (decision.Kind == DecisionKind.TooManyRequests) return AuthenticateResult.Fail(decision.Reason);
        if (decision.Principal is null && decision.Claims.Count == 0) return AuthenticateResult.NoResult();   // an anonymous rule
        return AuthenticateResult.Success(new AuthenticationTicket(Principal(decision), Scheme.Name));
    }

    private ClaimsPrincipal Principal(Decision decision)
    {
        var claims = new List<Claim>();
        foreach (var (type, value) in decision.Claims)
            if (type != "scope") claims.Add(new Claim(type, value, ClaimValueTypes.String, decision.Claims.GetValueOrDefault("iss")));
        foreach (var scope in decision.Scopes) claims.Add(new Claim(TollgateDefaults.ScopeClaim, scope));
        if (decision.Principal is { } principal) claims.Add(new Claim(ClaimTypes.NameIdentifier, principal));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name, "client_id", null));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var decision = Context.Items[TollgateDefaults.DecisionItem] as Decision;
        if (decision is { Kind: DecisionKind.TooManyRequests })
        {
            Response.StatusCode = 429;
            Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString();
            Response.Headers.CacheControl = "no-store";
            Response.ContentType = "application/json";
            return Response.WriteAsync($$"""{"error":"{{ReasonCodes.RateLimited}}","error_description":"{{decision.RetryAfterDescription}}"}""");
        }
        Response.StatusCode = 401;
        // RFC 6750 §3.1: no error attribute when the request carried no token at all.
        Response.Headers.WWWAuthenticate = decision is null || decision.Reason == ReasonCodes.MissingToken || decision.Kind != DecisionKind.Unauthorized
            ? "Bearer"
            : DpopChallenge.Applies(decision.Reason) ? DpopChallenge.For(decision.Reason) // RFC 9449 §7.1
            : $"Bearer error=\"invalid_token\", error_description=\"{decision.Reason}\"";
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 403;
        var required = Context.Items[TollgateDefaults.RequiredScopesItem] as IReadOnlyList<string>
            ?? (Context.Items[TollgateDefaults.DecisionItem] as Decision)?.RequiredScopes ?? [];
        Response.Headers.WWWAuthenticate = required.Count > 0
            ? $"Bearer error=\"insufficient_scope\", scope=\"{string.Join(' ', required)}\""
            : "Bearer error=\"insufficient_scope\"";
        return Task.CompletedTask;
    }
}
