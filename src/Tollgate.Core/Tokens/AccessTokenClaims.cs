namespace Tollgate.Core.Tokens;

/// <summary>What an access token says, whatever its format (RFC 9068 claim names).</summary>
public sealed record AccessTokenClaims(
    string Issuer,
    string ClientId,
    string Audience,
    string Scope,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string Jti,
    string? Jkt = null,
    string? X5t = null)
{
    /// <summary>RFC 8705 §3.1: the TLS client certificate the token is bound to (<c>cnf.x5t#S256</c>), or null.</summary>
    public bool IsCertificateBound => X5t is not null;

    /// <summary>RFC 9449 / RFC 7800: the DPoP key the token is bound to (<c>cnf.jkt</c>), or null for a bearer token.</summary>
    public bool IsDpopBound => Jkt is not null;

    /// <summary>RFC 9068: <c>sub</c> is the client id for a client-credentials token.</summary>
    public string Subject => ClientId;
}
