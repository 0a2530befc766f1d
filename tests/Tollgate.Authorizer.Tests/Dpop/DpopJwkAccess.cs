using System.Text.Json;
using Tollgate.Authorizer.Dpop;
using Tollgate.Authorizer.Jwks;

namespace Tollgate.Authorizer.Tests.Dpop;

/// <summary>Reaches the internal JWK reader for the RFC 7638 example.</summary>
internal static class DpopJwkAccess
{
    public static VerificationKey Read(JsonElement jwk, out string thumbprint) =>
        DpopJwk.Read(jwk, out thumbprint, out var error) ?? throw new InvalidOperationException(error);
}
