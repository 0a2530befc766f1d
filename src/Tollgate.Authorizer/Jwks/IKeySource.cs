namespace Tollgate.Authorizer.Jwks;

/// <summary>
/// Where a <see cref="Jwt.TrustedIssuer"/>'s verification keys come from: a <see cref="JwksCache"/>
/// fetching the issuer's JWKS, or (inside the authorization server) its own published keys.
/// </summary>
public interface IKeySource
{
    /// <summary>The key for <paramref name="kid"/>; should complete synchronously while the key is known.</summary>
    ValueTask<KeyLookup> FindAsync(string? kid, CancellationToken cancellationToken);
}
