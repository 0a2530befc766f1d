using Tollgate.Core.Apis;
using Tollgate.Core.Storage;

namespace Tollgate.Core.Tokens;

/// <summary>Opaque access tokens, stored hashed and resolved by introspection.</summary>
public sealed class OpaqueAccessTokenFormat(IOpaqueTokenStore store) : IAccessTokenFormat
{
    public TokenFormat Format => TokenFormat.Opaque;

    public async ValueTask<string> IssueAsync(AccessTokenClaims claims, Api api, CancellationToken cancellationToken)
    {
        var token = OpaqueToken.Generate();
        await store.InsertAsync(new OpaqueTokenRecord(OpaqueToken.Hash(token), claims), cancellationToken);
        return token;
    }
}
