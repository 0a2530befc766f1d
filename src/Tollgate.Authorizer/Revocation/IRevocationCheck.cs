namespace Tollgate.Authorizer.Revocation;

/// <summary>
/// Asked before every allow, cached token or not. Must be fast and synchronous: implementations
/// keep their list in memory (a later feature fills one from the server's revocation feed).
/// Absent values are passed as empty strings and <see cref="DateTimeOffset.MinValue"/>.
/// </summary>
public interface IRevocationCheck
{
    bool IsRevoked(string jti, string clientId, string audience, DateTimeOffset issuedAt);
}

/// <summary>The default: nothing is revoked.</summary>
public sealed class NoRevocation : IRevocationCheck
{
    public static NoRevocation Instance { get; } = new();

    public bool IsRevoked(string jti, string clientId, string audience, DateTimeOffset issuedAt) => false;
}
