namespace Tollgate.Authorizer.Decisions;

/// <summary>What the engine decided. Adapters render it; they never decide anything themselves.</summary>
public enum DecisionKind
{
    /// <summary>Valid credential that carries what the route requires.</summary>
    Allow,
    /// <summary>Valid credential, but the route requires more (HTTP 403).</summary>
    Forbidden,
    /// <summary>No credential, or one that is not valid (HTTP 401).</summary>
    Unauthorized,
    /// <summary>
    /// Valid credential, but its client has used up the API's request rate limit (HTTP 429 with
    /// <c>Retry-After</c> from <see cref="Decision.RetryAfter"/>).
    /// </summary>
    TooManyRequests,
}

/// <summary>A route the principal may call, as method and path pattern (<c>*</c> = any method).</summary>
public sealed record AllowedRoute(string Method, string PathPattern);

/// <summary>
/// The outcome of one authorization request, with everything an adapter needs to render it and
/// a <see cref="Reason"/> code (see <see cref="ReasonCodes"/>) for the log line.
/// </summary>
public sealed record Decision
{
    public required DecisionKind Kind { get; init; }
    public required string Reason { get; init; }
    /// <summary>The client id (never the token).</summary>
    public string? Principal { get; init; }
    public IReadOnlyList<string> Scopes { get; init; } = [];
    /// <summary>Selected claims as flat strings (client_id, sub, jti, iss, aud, exp...).</summary>
    public IReadOnlyDictionary<string, string> Claims { get; init; } = new Dictionary<string, string>();
    /// <summary>For <see cref="DecisionKind.Forbidden"/>: the scopes the route wanted.</summary>
    public IReadOnlyList<string> RequiredScopes { get; init; } = [];
    /// <summary>For an allow: every route of the API this credential may call (for cacheable policies).</summary>
    public IReadOnlyList<AllowedRoute> AllowedRoutes { get; init; } = [];
    /// <summary>
    /// For an allow: routes inside <see cref="AllowedRoutes"/> that a more specific rule refuses this
    /// credential. Render them as explicit denies (IAM: Deny wins) so a cached policy is never wider
    /// than the engine's decisions.
    /// </summary>
    public IReadOnlyList<AllowedRoute> DeniedRoutes { get; init; } = [];
    /// <summary>For <see cref="ReasonCodes.PolicyDenied"/>: the policy that denied; for a policy-governed allow, the one that allowed.</summary>
    public string? PolicyId { get; init; }
    /// <summary>For <see cref="DecisionKind.TooManyRequests"/>: how long until the client's next request may go.</summary>
    public TimeSpan? RetryAfter { get; init; }
    /// <summary><see cref="RetryAfter"/> as HTTP <c>Retry-After</c> wants it (RFC 9110 §10.2.3): whole seconds, rounded up, at least 1.</summary>
    public int? RetryAfterSeconds => RetryAfter is { } wait ? (int)Math.Clamp(Math.Ceiling(wait.TotalSeconds), 1, int.MaxValue) : null;
    /// <summary>For <see cref="DecisionKind.TooManyRequests"/>: the <c>error_description</c> hosts send with their 429.</summary>
    public string? RetryAfterDescription => RetryAfterSeconds is { } seconds
        ? $"The client has used up this API's request rate limit; retry after {seconds} s."
        : null;
    /// <summary>A bearer token to forward upstream (e.g. a phantom-token JWT), when there is one.</summary>
    public string? ForwardToken { get; init; }
}

public static class ReasonCodes
{
    public const string Allowed = "allowed";
    public const string MissingToken = "missing_token";
    public const string MalformedToken = "malformed_token";
    public const string BadSignature = "bad_signature";
    public const string UnknownKey = "unknown_key";
    public const string Expired = "expired";
    public const string NotYetValid = "not_yet_valid";
    public const string WrongIssuer = "wrong_issuer";
    public const string WrongAudience = "wrong_audience";
    public const string WrongType = "wrong_type";
    public const string DisallowedAlgorithm = "disallowed_algorithm";
    public const string InsufficientScope = "insufficient_scope";
    public const string NoMatchingRule = "no_matching_rule";
    public const string RuleDenies = "rule_denies";
    /// <summary>A policy-governed route: a deny policy matched (the decision names it in <c>PolicyId</c>).</summary>
    public const string PolicyDenied = "policy_denied";
    /// <summary>A policy-governed route: no policy allows the client this action on this resource (denied by default).</summary>
    public const string NoMatchingPolicy = "no_matching_policy";
    public const string Inactive = "inactive";
    public const string IntrospectionFailed = "introspection_failed";
    public const string Revoked = "revoked";
    /// <summary>The issuer's keys could not be fetched and none are known yet (fails closed, 401).</summary>
    public const string KeysUnavailable = "keys_unavailable";
    /// <summary>Token-handler cookies: the request's Origin is missing or not a trusted web origin (401).</summary>
    public const string UntrustedOrigin = "untrusted_origin";
    /// <summary>Token-handler cookies: a cookie that does not decrypt, whatever the cause (401; the log says which).</summary>
    public const string InvalidCookie = "invalid_cookie";
    /// <summary>Token-handler cookies: the CSRF header is missing or does not match the CSRF cookie (401).</summary>
    public const string CsrfFailed = "csrf_failed";
    /// <summary>No revocation list newer than the fail-closed age (server unreachable, or never synced): 401, fails closed.</summary>
    public const string RevocationListStale = "revocation_list_stale";
    /// <summary>A DPoP-bound token (<c>cnf.jkt</c>) sent with the <c>Bearer</c> scheme, or where no proof can come (401).</summary>
    public const string DpopRequired = "dpop_required";
    /// <summary>The <c>DPoP</c> scheme with a token that is not DPoP-bound, or an unbound token for an API that requires DPoP (401).</summary>
    public const string TokenNotBound = "token_not_bound";
    /// <summary>
    /// The <c>DPoP</c> scheme, but the proof is missing, repeated, invalid for this method and URL or this token,
    /// made with another key than the token's, or replayed (401; the log says which).
    /// </summary>
    public const string InvalidDpopProof = "invalid_dpop_proof";
    /// <summary>
    /// A certificate-bound token (RFC 8705 <c>cnf.x5t#S256</c>) from a caller with no TLS client
    /// certificate, or with another certificate than the one the token was issued to (401).
    /// </summary>
    public const string CertificateMismatch = "certificate_mismatch";
    /// <summary>The client has used up the API's request rate limit (<c>rate_limit</c> in its rules) on this node (429).</summary>
    public const string RateLimited = "rate_limited";
}
