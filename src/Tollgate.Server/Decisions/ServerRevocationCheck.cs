using Tollgate.Authorizer.Revocation;
using Tollgate.Authorizer.Validation;
using Tollgate.Core.Revocation;

namespace Tollgate.Server.Decisions;

/// <summary>
/// The server's own revocation list, consulted directly by its embedded decision engines: no feed,
/// no delay, never stale.
/// </summary>
public sealed class ServerRevocationCheck(RevocationList revocations) : IRevocationCheck
{
    public RevocationStatus Check(ValidatedToken token) => revocations.IsRevoked(token) ? RevocationStatus.Revoked : RevocationStatus.NotRevoked;
}
