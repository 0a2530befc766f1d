using Tollgate.Core.Apis;

namespace Tollgate.Core.Tokens;

/// <summary>Opaque access tokens: the claims sealed by <see cref="OpaqueTokenSealer"/>, nothing stored.</summary>
public sealed class OpaqueAccessTokenFormat(OpaqueTokenSealer sealer) : IAccessTokenFormat
{
    public TokenFormat Format => TokenFormat.Opaque;

    public ValueTask<string> IssueAsync(AccessTokenClaims claims, Api api, CancellationToken cancellationToken)
        => ValueTask.FromResult(sealer.Seal(claims));
}
