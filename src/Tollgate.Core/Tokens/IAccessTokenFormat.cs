using Tollgate.Core.Apis;

namespace Tollgate.Core.Tokens;

/// <summary>A token format strategy: JWT (self-contained) or opaque (a reference kept in the store).</summary>
public interface IAccessTokenFormat
{
    TokenFormat Format { get; }

    ValueTask<string> IssueAsync(AccessTokenClaims claims, Api api, CancellationToken cancellationToken);
}
