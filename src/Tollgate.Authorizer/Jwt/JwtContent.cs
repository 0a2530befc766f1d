namespace Tollgate.Authorizer.Jwt;

/// <summary>
/// The parts of a compact JWS this authorizer reads, before anything is trusted: header members,
/// registered claims, and where the signature starts. Built by <see cref="JwtReader"/>.
/// </summary>
internal sealed class JwtContent
{
    // Header
    public JwsAlgorithm? Algorithm;
    public string? AlgorithmName;
    public string? Kid;
    public string? Typ;
    public bool HasCrit;

    // Payload
    public string? Issuer;
    public string? Subject;
    public string? ClientId;
    public string? Jti;
    public string[] Audiences = [];
    public long? ExpiresAt;
    public long? NotBefore;
    public long? IssuedAt;
    public string[] Scopes = [];
    /// <summary><c>cnf.jkt</c> (RFC 9449), when the token is DPoP-bound.</summary>
    public string? Jkt;
    /// <summary><c>cnf.x5t#S256</c> (RFC 8705), when the token is bound to a TLS client certificate.</summary>
    public string? X5t;

    /// <summary>Index of the dot between payload and signature: the signing input is token[..SignatureDot].</summary>
    public int SignatureDot;
}
