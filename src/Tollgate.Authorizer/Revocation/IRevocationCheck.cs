using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.Revocation;

/// <summary>What a revocation check says about a valid token.</summary>
public enum RevocationStatus
{
    NotRevoked,
    Revoked,
    /// <summary>The list is too old to trust (or was never fetched): refuse, fail closed.</summary>
    ListStale,
}

/// <summary>
/// Asked before every allow, cached token or not. Must be fast and synchronous: implementations
/// keep their list in memory (<see cref="RevocationFeed"/> fills one from the server's feed).
/// Gets the whole token because the rules need its jti, client, audiences, <c>iat</c> and scopes.
/// </summary>
public interface IRevocationCheck
{
    RevocationStatus Check(ValidatedToken token);
}

/// <summary>The default: nothing is revoked.</summary>
public sealed class NoRevocation : IRevocationCheck
{
    public static NoRevocation Instance { get; } = new();

    public RevocationStatus Check(ValidatedToken token) => RevocationStatus.NotRevoked;
}
