using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Credentials;
using Tollgate.Authorizer.Dpop;
using Tollgate.Authorizer.Mtls;
using Tollgate.Authorizer.Policies;
using Tollgate.Authorizer.RateLimiting;
using Tollgate.Authorizer.Revocation;
using Tollgate.Authorizer.Routing;
using Tollgate.Authorizer.Telemetry;
using Tollgate.Authorizer.TokenHandler;
using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.Decisions;

/// <summary>
/// The decision pipeline, in order:
/// <c>MatchRoute</c> (only an anonymous rule acts before the token) → <c>ExtractCredential</c>
/// (the bearer or DPoP token, or with the token handler <see cref="OAuthProxy"/>: origin, CSRF, cookie) → <c>ValidateToken</c> (JWT or introspection, cached) → <c>CheckExpiry</c> (again, for cached
/// tokens) → <c>CheckBinding</c> (a DPoP-bound token only with the DPoP scheme and a valid proof, see <see cref="DpopBinding"/>) → <c>CheckRevocation</c>
/// → <c>CheckRateLimit</c> (the API's <c>rate_limit</c> for the token's client, on this node; see <see cref="RequestRateLimiter"/>) → <c>CheckRule</c> (no rule, deny rule) → <c>CheckScopes</c>
/// → <c>CheckPolicies</c> (policy-governed rules: may the client do the action on the resource?)
/// → allow, with every route the token may call. Synchronous while keys and answers are cached.
/// </summary>
public sealed class DecisionEngine(
    CredentialExtractor credentials,
    ITokenValidator validator,
    IRevocationCheck revocation,
    IRouteTableSource routes,
    TimeSpan clockSkew,
    TimeProvider time,
    ILogger<DecisionEngine> logger,
    OAuthProxy? oauthProxy = null,
    IPolicySetSource? policies = null,
    DpopBinding? dpop = null,
    RequestRateLimiter? rateLimiter = null) : IAuthorizer
{
    private readonly IPolicySetSource _policies = policies ?? new PolicySetSource(PolicySet.Empty);
    private readonly DpopBinding _dpop = dpop ?? new DpopBinding(new DpopProofValidator(new DpopSettings(), time), new DpopReplayCache(100_000, time));

    /// <summary>Decides, recording <c>tollgate.decisions</c>, <c>tollgate.decision.duration</c> and the <c>tollgate.decision</c> span.</summary>
    public ValueTask<Decision> DecideAsync(AuthorizationRequest request, CancellationToken cancellationToken = default)
    {
        var started = AuthorizerMetrics.StartTiming();
        var previous = Activity.Current;
        var activity = AuthorizerTracing.Source.StartActivity(AuthorizerTracing.Decision);
        var pending = Decide(request, cancellationToken);
        if (pending.IsCompletedSuccessfully) return ValueTask.FromResult(Complete(pending.Result, started, activity));
        if (activity is not null) Activity.Current = previous;   // the caller goes on under its own span; the rest ends in CompleteAsync
        return CompleteAsync(pending, started, activity);
    }

    private static Decision Complete(Decision decision, long started, Activity? activity)
    {
        AuthorizerTracing.Finish(activity, decision);
        return AuthorizerMetrics.RecordDecision(decision, started);
    }

    private static async ValueTask<Decision> CompleteAsync(ValueTask<Decision> pending, long started, Activity? activity)
        => Complete(await pending, started, activity);

    private ValueTask<Decision> Decide(AuthorizationRequest request, CancellationToken cancellationToken)
    {
        var parse = AuthorizerTracing.Source.StartActivity(AuthorizerTracing.Parse);
        var table = routes.Current;
        var match = table.Match(request.Method, request.Path);
        if (match.Rule is { Access: RuleAccess.Anonymous } open)
        {
            parse?.Dispose();
            return Done(Anonymous(request, open));
        }

        var (credential, tokenValidator) = ExtractCredential(request);
        parse?.Dispose();
        if (!credential.Found) return Done(Unauthorized(request, credential.Reason!, credential.Detail, null));

        var validate = AuthorizerTracing.Source.StartActivity(AuthorizerTracing.Validate);
        var validation = tokenValidator.ValidateAsync(credential.Token!, cancellationToken);
        if (!validation.IsCompletedSuccessfully) return AuthorizeAsync(request, credential, table, match, validation, validate);
        validate?.Dispose();
        return Done(Authorize(request, credential, table, match, validation.Result));
    }

    /// <summary>The bearer token; with the token handler, the OAuth Proxy's cookie checks and the validator for cookie tokens.</summary>
    private CredentialSource ExtractCredential(AuthorizationRequest request) =>
        oauthProxy is null ? new CredentialSource(credentials.Extract(request), validator) : oauthProxy.Extract(request);

    private async ValueTask<Decision> AuthorizeAsync(AuthorizationRequest request, Credential credential, RouteTable table, RouteMatch match,
        ValueTask<TokenValidation> validation, Activity? validate)
    {
        TokenValidation result;
        using (validate) result = await validation;
        return Authorize(request, credential, table, match, result);
    }

    private Decision Authorize(AuthorizationRequest request, Credential credential, RouteTable table, RouteMatch match, TokenValidation validation)
    {
        if (validation.Token is not { } token) return Unauthorized(request, validation.Reason!, validation.Detail, null);
        if (token.ExpiresAt is { } exp && time.GetUtcNow() >= exp + clockSkew)
            return Unauthorized(request, ReasonCodes.Expired, "expired since it was cached", token);
        // The bearer path pays a few field reads here: nothing else unless DPoP or a certificate binding is involved.
        if (token.X5t is not null && CheckCertificate(request, token) is { } mismatch) return mismatch;
        if ((token.Jkt is not null || credential.Scheme != CredentialScheme.Bearer || table.RequireDpop) && CheckBinding(request, credential, token) is { } refused)
            return refused;
        RevocationStatus revoked;
        using (AuthorizerTracing.Source.StartActivity(AuthorizerTracing.Revocation)) revoked = revocation.Check(token);
        switch (revoked)
        {
            case RevocationStatus.Revoked: return Unauthorized(request, ReasonCodes.Revoked, null, token);
            case RevocationStatus.ListStale: return Unauthorized(request, ReasonCodes.RevocationListStale, "no recent revocation list", token);
        }
        // An API without rate_limit pays this null check and nothing more.
        if (table.RateLimits is { } limits && CheckRateLimit(request, limits, token) is { } limited) return limited;

        using var rules = AuthorizerTracing.Source.StartActivity(AuthorizerTracing.Rules);

        if (match.InvalidPath) return Forbidden(request, table, ReasonCodes.NoMatchingRule, "path holds dot segments or encoded slashes", token, []);
        if (match.Rule is not { } rule)
        {
            return table.DefaultAction == DefaultAction.AllowAuthenticated
                ? Allow(request, table, token)
                : Forbidden(request, table, ReasonCodes.NoMatchingRule, null, token, []);
        }
        if (rule.Access == RuleAccess.Deny) return Forbidden(request, table, ReasonCodes.RuleDenies, rule.ToString(), token, []);
        if (!rule.IsSatisfiedBy(token.Scopes)) return Forbidden(request, table, ReasonCodes.InsufficientScope, rule.ToString(), token, rule.RequiredScopes);
        if (match.Compiled?.Resource is not { } resource) return Allow(request, table, token);
        return CheckPolicies(request, table, rule, resource, token);
    }

    /// <summary>
    /// Takes one request from the client's bucket (keyed by the token's client id; a token that names
    /// none is not limited). Null rate limiter: this host does not enforce limits (AWS).
    /// </summary>
    private Decision? CheckRateLimit(AuthorizationRequest request, RateLimitSet limits, ValidatedToken token)
    {
        if (rateLimiter is null || token.Principal is not { } client || limits.For(client) is not { } limit) return null;
        if (rateLimiter.TryAcquire(client, limit) is not { } retryAfter) return null;
        DecisionLog.TooManyRequests(logger, ReasonCodes.RateLimited, client, request.Method, request.Path, token.Jti, retryAfter);
        return new Decision
        {
            Kind = DecisionKind.TooManyRequests, Reason = ReasonCodes.RateLimited, Principal = client, Scopes = token.Scopes, Claims = token.Claims,
            RetryAfter = retryAfter,
        };
    }

    /// <summary>
    /// RFC 9449 §7: a bound token (<c>cnf.jkt</c>) needs the DPoP scheme and a proof by its key; the DPoP
    /// scheme needs a bound token; an API that requires DPoP (its rules say <c>require_dpop</c>) takes bound tokens only.
    /// </summary>
    private Decision? CheckBinding(AuthorizationRequest request, Credential credential, ValidatedToken token)
    {
        if (token.Jkt is not { } jkt)
        {
            return credential.Scheme == CredentialScheme.DPoP
                ? Unauthorized(request, ReasonCodes.TokenNotBound, "DPoP scheme with a token that is not DPoP-bound", token)
                : Unauthorized(request, ReasonCodes.TokenNotBound, "this API requires DPoP-bound tokens", token);
        }
        if (credential.Scheme == CredentialScheme.Bearer)
            return Unauthorized(request, ReasonCodes.DpopRequired, "a DPoP-bound token sent as Bearer", token);
        return _dpop.Check(request, credential.Token!, jkt) is { } why ? Unauthorized(request, ReasonCodes.InvalidDpopProof, why, token) : null;
    }

    /// <summary>RFC 8705 §3: a certificate-bound token only from the caller whose TLS client certificate has the thumbprint <c>cnf.x5t#S256</c> names.</summary>
    private Decision? CheckCertificate(AuthorizationRequest request, ValidatedToken token)
    {
        if (request.ClientCertificate is null)
            return Unauthorized(request, ReasonCodes.CertificateMismatch, "a certificate-bound token without a TLS client certificate", token);
        var thumbprint = CertificateThumbprint.FromPem(request.ClientCertificate);
        if (thumbprint is null)
            return Unauthorized(request, ReasonCodes.CertificateMismatch, "the forwarded client certificate is not readable PEM", token);
        return string.Equals(thumbprint, token.X5t, StringComparison.Ordinal)
            ? null
            : Unauthorized(request, ReasonCodes.CertificateMismatch, "the TLS client certificate is not the one the token is bound to", token);
    }

    /// <summary>Subject = the token's client, action = the rule's (or the method's), resource = the template with the path's parameters.</summary>
    private Decision CheckPolicies(AuthorizationRequest request, RouteTable table, RouteRule rule, ResourceTemplate template, ValidatedToken token)
    {
        var resource = template.Render(request.Path);
        if ((rule.Action ?? table.ActionFor(request.Method)) is not { } action)
            return Forbidden(request, table, ReasonCodes.NoMatchingPolicy, $"no action for method {request.Method}", token, []);
        if (token.Principal is not { } subject)
            return Forbidden(request, table, ReasonCodes.NoMatchingPolicy, "the token names no client", token, []);
        var context = request.RemoteAddress is { } address ? PolicyContext.WithRemoteAddress(address) : PolicyRequest.EmptyContext;
        var verdict = _policies.Current.Evaluate(new PolicyRequest(subject, action, resource) { Context = context });
        return verdict.Outcome switch
        {
            PolicyOutcome.Allowed => Allow(request, table, token) with { PolicyId = verdict.PolicyId },
            PolicyOutcome.Denied => Forbidden(request, table, ReasonCodes.PolicyDenied, $"policy={verdict.PolicyId} {action} {resource}", token, [], verdict.PolicyId),
            _ => Forbidden(request, table, ReasonCodes.NoMatchingPolicy, $"{action} {resource}", token, []),
        };
    }

    private Decision Allow(AuthorizationRequest request, RouteTable table, ValidatedToken token)
    {
        var permissions = table.PermissionsFor(token.ScopeKey, token.Scopes);
        DecisionLog.Allowed(logger, ReasonCodes.Allowed, token.Principal, request.Method, request.Path, token.Jti);
        return new Decision
        {
            Kind = DecisionKind.Allow,
            Reason = ReasonCodes.Allowed,
            Principal = token.Principal,
            Scopes = token.Scopes,
            Claims = token.Claims,
            AllowedRoutes = permissions.Allowed,
            DeniedRoutes = permissions.Denied,
            ForwardToken = token.ForwardToken,
        };
    }

    private Decision Anonymous(AuthorizationRequest request, RouteRule rule)
    {
        DecisionLog.Allowed(logger, ReasonCodes.Allowed, null, request.Method, request.Path, null);
        return new Decision { Kind = DecisionKind.Allow, Reason = ReasonCodes.Allowed, AllowedRoutes = [new AllowedRoute(rule.Method, rule.Path)] };
    }

    /// <summary>
    /// A valid token refused this route: it still carries the routes the token may call, so an
    /// adapter that caches one answer per token (AWS) can deny this route and allow the others.
    /// </summary>
    private Decision Forbidden(AuthorizationRequest request, RouteTable table, string reason, string? detail, ValidatedToken token, IReadOnlyList<string> required,
        string? policyId = null)
    {
        DecisionLog.Forbidden(logger, reason, token.Principal, request.Method, request.Path, token.Jti, detail);
        var permissions = table.PermissionsFor(token.ScopeKey, token.Scopes);
        return new Decision
        {
            Kind = DecisionKind.Forbidden,
            Reason = reason,
            Principal = token.Principal,
            Scopes = token.Scopes,
            Claims = token.Claims,
            RequiredScopes = required,
            PolicyId = policyId,
            AllowedRoutes = permissions.Allowed,
            DeniedRoutes = permissions.Denied,
        };
    }

    private Decision Unauthorized(AuthorizationRequest request, string reason, string? detail, ValidatedToken? token)
    {
        DecisionLog.Unauthorized(logger, reason, token?.Principal, request.Method, request.Path, token?.Jti, detail);
        return token is null
            ? new Decision { Kind = DecisionKind.Unauthorized, Reason = reason }
            : new Decision { Kind = DecisionKind.Unauthorized, Reason = reason, Principal = token.Principal, Claims = token.Claims };
    }

    private static ValueTask<Decision> Done(Decision decision) => ValueTask.FromResult(decision);
}
