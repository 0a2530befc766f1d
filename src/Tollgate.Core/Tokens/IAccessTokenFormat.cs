using Tollgate.Core.Apis;

namespace Tollgate.Core.Tokens;

/// <summary>A token format strategy: JWT (signed, readable by anyone) or opaque (sealed, readable by introspection only).</summary>
public interface IAccessTokenFormat
{
    TokenFormat Format { get; }

    ValueTask<string> IssueAsync(AccessTokenClaims claims, Api api, CancellationToken cancellationToken);
}
