using Tollgate.Core.Apis;
using Tollgate.Core.Keys;

namespace Tollgate.Core.Tokens;

/// <summary>RFC 9068 JWT access tokens, signed with the API's algorithm by the current key.</summary>
public sealed class JwtAccessTokenFormat(KeyRing keys, TimeProvider time) : IAccessTokenFormat
{
    public TokenFormat Format => TokenFormat.Jwt;

    public ValueTask<string> IssueAsync(AccessTokenClaims claims, Api api, CancellationToken cancellationToken)
    {
        var key = keys.Current(api.SigningAlg, time.GetUtcNow())
            ?? throw new InvalidOperationException($"no active signing key for {api.SigningAlg}");
        return ValueTask.FromResult(JwtWriter.WriteAccessToken(key, claims));
    }
}
