using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Credentials;
using Tollgate.Authorizer.Revocation;
using Tollgate.Authorizer.Routing;
using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.Decisions;

/// <summary>
/// The decision pipeline, in order:
/// <c>MatchRoute</c> (only an anonymous rule acts before the token) → <c>ExtractCredential</c>
/// → <c>ValidateToken</c> (JWT or introspection, cached) → <c>CheckExpiry</c> (again, for cached
/// tokens) → <c>CheckRevocation</c> → <c>CheckRule</c> (no rule, deny rule) → <c>CheckScopes</c>
/// → allow, with every route the token may call. Synchronous while keys and answers are cached.
/// </summary>
public sealed class DecisionEngine(
    CredentialExtractor credentials,
    ITokenValidator validator,
    IRevocationCheck revocation,
    IRouteTableSource routes,
    TimeSpan clockSkew,
    TimeProvider time,
    ILogger<DecisionEngine> logger) : IAuthorizer
{
    public ValueTask<Decision> DecideAsync(AuthorizationRequest request, CancellationToken cancellationToken = default)
    {
        var table = routes.Current;
        var match = table.Match(request.Method, request.Path);
        if (match.Rule is { Access: RuleAccess.Anonymous } open) return Done(Anonymous(request, open));

        var credential = credentials.Extract(request);
        if (!credential.Found) return Done(Unauthorized(request, credential.Reason!, credential.Detail, null));

        var validation = validator.ValidateAsync(credential.Token!, cancellationToken);
        return validation.IsCompletedSuccessfully
            ? Done(Authorize(request, table, match, validation.Result))
            : AuthorizeAsync(request, table, match, validation);
    }

    private async ValueTask<Decision> AuthorizeAsync(AuthorizationRequest request, RouteTable table, RouteMatch match, ValueTask<TokenValidation> validation)
        => Authorize(request, table, match, await validation);

    private Decision Authorize(AuthorizationRequest request, RouteTable table, RouteMatch match, TokenValidation validation)
    {
        if (validation.Token is not { } token) return Unauthorized(request, validation.Reason!, validation.Detail, null);
        if (token.ExpiresAt is { } exp && time.GetUtcNow() >= exp + clockSkew)
            return Unauthorized(request, ReasonCodes.Expired, "expired since it was cached", token);
        switch (revocation.Check(token))
        {
            case RevocationStatus.Revoked: return Unauthorized(request, ReasonCodes.Revoked, null, token);
            case RevocationStatus.ListStale: return Unauthorized(request, ReasonCodes.RevocationListStale, "no recent revocation list", token);
        }

        if (match.InvalidPath) return Forbidden(request, ReasonCodes.NoMatchingRule, "path holds dot segments or encoded slashes", token, []);
        if (match.Rule is not { } rule)
        {
            return table.DefaultAction == DefaultAction.AllowAuthenticated
                ? Allow(request, table, token)
                : Forbidden(request, ReasonCodes.NoMatchingRule, null, token, []);
        }
        if (rule.Access == RuleAccess.Deny) return Forbidden(request, ReasonCodes.RuleDenies, rule.ToString(), token, []);
        if (!rule.IsSatisfiedBy(token.Scopes)) return Forbidden(request, ReasonCodes.InsufficientScope, rule.ToString(), token, rule.RequiredScopes);
        return Allow(request, table, token);
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
        };
    }

    private Decision Anonymous(AuthorizationRequest request, RouteRule rule)
    {
        DecisionLog.Allowed(logger, ReasonCodes.Allowed, null, request.Method, request.Path, null);
        return new Decision { Kind = DecisionKind.Allow, Reason = ReasonCodes.Allowed, AllowedRoutes = [new AllowedRoute(rule.Method, rule.Path)] };
    }

    private Decision Forbidden(AuthorizationRequest request, string reason, string? detail, ValidatedToken token, IReadOnlyList<string> required)
    {
        DecisionLog.Forbidden(logger, reason, token.Principal, request.Method, request.Path, token.Jti, detail);
        return new Decision
        {
            Kind = DecisionKind.Forbidden,
            Reason = reason,
            Principal = token.Principal,
            Scopes = token.Scopes,
            Claims = token.Claims,
            RequiredScopes = required,
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
