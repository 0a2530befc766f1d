namespace Tollgate.Core.Tokens;

/// <summary>What an access token says, whatever its format (RFC 9068 claim names).</summary>
public sealed record AccessTokenClaims(
    string Issuer,
    string ClientId,
    string Audience,
    string Scope,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string Jti)
{
    /// <summary>RFC 9068: <c>sub</c> is the client id for a client-credentials token.</summary>
    public string Subject => ClientId;
}
