using Tollgate.Authorizer.Jwks;

namespace Tollgate.Authorizer.Validation;

/// <summary>
/// What a valid access token says, whatever proved it valid (a JWT signature or an introspection
/// answer). Immutable and shared: the validation cache hands the same instance to every request
/// that presents the same token.
/// </summary>
public sealed class ValidatedToken
{
    private ClaimMap? _claims;
    private string? _scopeKey;

    public required string Issuer { get; init; }
    public string? Subject { get; init; }
    public string? ClientId { get; init; }
    public string? Jti { get; init; }
    public IReadOnlyList<string> Audiences { get; init; } = [];
    public string[] Scopes { get; init; } = [];
    /// <summary>Absent only for an introspection answer without <c>exp</c>.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? IssuedAt { get; init; }
    /// <summary>
    /// RFC 9449 <c>cnf.jkt</c>: the thumbprint of the key the token is bound to. Null for a bearer
    /// token; a bound one is accepted only with the <c>DPoP</c> scheme and a proof by that key.
    /// </summary>
    public string? Jkt { get; init; }
    /// <summary>
    /// RFC 8705 <c>cnf.x5t#S256</c>: the base64url SHA-256 of the TLS client certificate the token is
    /// bound to. Null for a token not bound to a certificate; a bound one is accepted only from a caller
    /// whose certificate has that thumbprint.
    /// </summary>
    public string? X5t { get; init; }

    /// <summary>
    /// A bearer token to forward upstream in place of what the caller presented: the token from a
    /// token-handler cookie, or the JWT a phantom-token exchange returned. Null for bearer callers.
    /// </summary>
    public string? ForwardToken { get; init; }

    /// <summary>RFC 9068: the client id names the caller; <c>sub</c> when there is none.</summary>
    public string? Principal => ClientId ?? Subject;

    /// <summary>The JWKS key that signed the token; a cached token is dropped when the key is.</summary>
    internal VerificationKey? SignedBy { get; init; }

    public bool HasScope(string scope)
    {
        foreach (var s in Scopes)
            if (string.Equals(s, scope, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>The distinct scopes, sorted and space-joined: one key per set of scopes.</summary>
    public string ScopeKey => _scopeKey ??= BuildScopeKey(Scopes);

    private static string BuildScopeKey(string[] scopes)
    {
        if (scopes.Length <= 1) return scopes.Length == 0 ? "" : scopes[0];
        var sorted = (string[])scopes.Clone();
        Array.Sort(sorted, StringComparer.Ordinal);
        var distinct = 1;
        for (var i = 1; i < sorted.Length; i++)
            if (sorted[i] != sorted[distinct - 1]) sorted[distinct++] = sorted[i];
        return string.Join(' ', sorted, 0, distinct);
    }

    private static bool IsSortedAndDistinct(string[] scopes)
    {
        for (var i = 1; i < scopes.Length; i++)
            if (string.CompareOrdinal(scopes[i - 1], scopes[i]) >= 0) return false;
        return true;
    }

    /// <summary>The selected claims as flat strings, for adapters' context maps.</summary>
    public IReadOnlyDictionary<string, string> Claims => _claims ??= BuildClaims();

    private ClaimMap BuildClaims()
    {
        var claims = new KeyValuePair<string, string>[7];
        var count = 0;
        claims[count++] = new("iss", Issuer);
        if (ClientId is not null) claims[count++] = new("client_id", ClientId);
        if (Subject is not null) claims[count++] = new("sub", Subject);
        if (Jti is not null) claims[count++] = new("jti", Jti);
        if (Audiences.Count > 0) claims[count++] = new("aud", string.Join(' ', Audiences));
        if (ExpiresAt is { } exp) claims[count++] = new("exp", exp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        claims[count++] = new("scope", IsSortedAndDistinct(Scopes) ? ScopeKey : string.Join(' ', Scopes)); // the same string then: keep one
        return new ClaimMap(count == claims.Length ? claims : claims[..count]);
    }
}
