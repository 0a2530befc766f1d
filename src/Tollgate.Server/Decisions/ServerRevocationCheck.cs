using Tollgate.Authorizer.Revocation;
using Tollgate.Authorizer.Validation;
using Tollgate.Core.Revocation;

namespace Tollgate.Server.Decisions;

/// <summary>
/// The server's own revocation list, consulted directly by its embedded decision engines: no feed,
/// no delay, never stale. A token with several audiences is revoked when any of them matches.
/// </summary>
public sealed class ServerRevocationCheck(RevocationList revocations) : IRevocationCheck
{
    public RevocationStatus Check(ValidatedToken token)
    {
        var jti = token.Jti ?? "";
        var clientId = token.Principal ?? "";
        var issuedAt = token.IssuedAt ?? DateTimeOffset.MinValue;
        IReadOnlyList<string> audiences = token.Audiences.Count > 0 ? token.Audiences : [""];
        foreach (var audience in audiences)
            if (revocations.IsRevoked(jti, clientId, audience, issuedAt, token.Scopes)) return RevocationStatus.Revoked;
        return RevocationStatus.NotRevoked;
    }
}
