namespace Tollgate.Core.OAuth;

/// <summary>
/// An RFC 6749 §5.2 error as a value. <see cref="Description"/> is sent to the caller;
/// <see cref="Detail"/> is for the log only and never leaves the server.
/// </summary>
public sealed record OAuthError(string Error, string Description, int Status, string? Detail = null)
{
    /// <summary>Sent as <c>Retry-After</c> (seconds) with a 429.</summary>
    public int? RetryAfterSeconds { get; init; }
    /// <summary>The client's token quota, sent as <c>RateLimit-*</c> headers.</summary>
    public Quotas.QuotaAllowance? Allowance { get; init; }

    /// <summary>
    /// 429: a quota or a lockout. RFC 6749 §5.2 and the IANA OAuth error registry have no code for it;
    /// <c>too_many_requests</c> is what Auth0 answers, so clients written against it understand this one.
    /// </summary>
    public static OAuthError TooManyRequests(string description, int retryAfterSeconds, string? detail = null)
        => new("too_many_requests", description, 429, detail) { RetryAfterSeconds = Math.Max(1, retryAfterSeconds) };

    public static OAuthError InvalidRequest(string description) => new("invalid_request", description, 400);
    public static OAuthError InvalidClient(string description = "Client authentication failed.", string? detail = null)
        => new("invalid_client", description, 401, detail);
    public static OAuthError UnauthorizedClient(string description) => new("unauthorized_client", description, 400);
    public static OAuthError AccessDenied(string description) => new("access_denied", description, 403);
    /// <param name="supported">The grant types the endpoint answers (its registered handlers), named in the message.</param>
    public static OAuthError UnsupportedGrantType(string grantType, IEnumerable<string> supported)
        => new("unsupported_grant_type", $"The grant type '{grantType}' is not supported; use {string.Join(" or ", supported.Select(g => $"'{g}'"))}.", 400);
    public static OAuthError InvalidScope(string description) => new("invalid_scope", description, 400);
    public static OAuthError InvalidTarget(string description) => new("invalid_target", description, 400);
    public static OAuthError UnsupportedTokenType(string description) => new("unsupported_token_type", description, 400);
}
