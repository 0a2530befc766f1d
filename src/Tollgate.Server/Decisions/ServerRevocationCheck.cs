using Tollgate.Authorizer.Revocation;
using Tollgate.Core.Revocation;

namespace Tollgate.Server.Decisions;

/// <summary>The server's own revocation list, consulted directly by its embedded decision engines: no feed, no delay.</summary>
public sealed class ServerRevocationCheck(RevocationList revocations) : IRevocationCheck
{
    public bool IsRevoked(string jti, string clientId, string audience, DateTimeOffset issuedAt)
        => revocations.IsRevoked(jti, clientId, audience, issuedAt, []);
}
