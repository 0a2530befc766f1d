using Tollgate.Core.Apis;
using Tollgate.Authorizer.Jwt;
using Tollgate.Core.Keys;
using Tollgate.Core.OAuth;
using Tollgate.Core.Revocation;
using Tollgate.Core.Storage;
using Tollgate.Core.Tokens;

namespace Tollgate.Core.Introspection;

/// <summary>
/// Decides whether a token this server issued is active and what it says: opaque tokens by
/// opening their seal (no database read), JWTs by the decision engine's validator (our own
/// published keys only, algorithm allow-list, type, issuer and lifetime); both against revocation and the continued existence of their
/// client. Reference tokens of earlier releases are looked up in the store until the last of
/// them has expired.
/// </summary>
public sealed class TokenInspector(
    KeyRing keys,
    OpaqueTokenSealer sealer,
    RevocationList revocations,
    Catalog.Catalog catalog,
    IIssuer issuer,
    TimeProvider time,
    IReferenceTokenStore? referenceTokens = null)
{
    // When the last stored reference token expires (UTC ticks; 0 when there is none), -1 until
    // read. No new ones are ever written, so once it has passed the store is never asked again.
    private long _referenceHorizon = -1;

    private readonly JwtValidator _jwt = new([TrustedIssuer.ForAnyAudience(issuer.Value, new PublishedKeys(keys, time))], OwnTokens, time);

    /// <summary>What this server's own access tokens must satisfy.</summary>
    internal static readonly JwtValidationSettings OwnTokens = new(
        SigningAlgorithms.Supported.Select(a => JwsAlgorithm.Find(a)!), ["at+jwt"], TimeSpan.FromSeconds(30), 16 * 1024);

    public async ValueTask<AccessTokenClaims?> InspectAsync(string token, CancellationToken cancellationToken)
    {
        var claims = OpaqueTokenSealer.LooksLikeOne(token)
            ? await InspectOpaqueAsync(token, cancellationToken)
            : await InspectJwtAsync(token, cancellationToken);
        if (claims is null || claims.ExpiresAt <= time.GetUtcNow()) return null;
        if (catalog.Current.FindClient(claims.ClientId) is null) return null;
        var scopes = claims.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return revocations.IsRevoked(claims.Jti, claims.ClientId, claims.Audience, claims.IssuedAt.ToUnixTimeSeconds(), scopes) ? null : claims;
    }

    private async ValueTask<AccessTokenClaims?> InspectOpaqueAsync(string token, CancellationToken cancellationToken)
    {
        if (!OpaqueToken.IsReference(token)) return sealer.TryOpen(token, issuer.Value);
        if (referenceTokens is null || !await ReferenceTokensMayBeActiveAsync(cancellationToken)) return null;
        var record = await referenceTokens.FindAsync(OpaqueToken.Hash(token), cancellationToken);
        return record is null || record.Revoked ? null : record.Claims;
    }

    private async ValueTask<bool> ReferenceTokensMayBeActiveAsync(CancellationToken cancellationToken)
    {
        var horizon = Volatile.Read(ref _referenceHorizon);
        if (horizon < 0)
        {
            horizon = (await referenceTokens!.LatestExpiryAsync(cancellationToken))?.UtcTicks ?? 0;
            Volatile.Write(ref _referenceHorizon, horizon);
        }
        return horizon > time.GetUtcNow().UtcTicks;
    }

    /// <summary>
    /// A JWT through the decision engine's validator: signed by one of our published keys with an
    /// allowed algorithm, <c>typ</c> <c>at+jwt</c>, our issuer, any audience; <c>exp</c> is then held
    /// exactly by <see cref="InspectAsync"/> (the skew only spares <c>iat</c> from a node's clock running behind).
    /// </summary>
    private async ValueTask<AccessTokenClaims?> InspectJwtAsync(string token, CancellationToken cancellationToken)
    {
        var result = await _jwt.ValidateAsync(token, cancellationToken);
        if (result.Token is not { Jti: { } jti, ClientId: { } clientId, ExpiresAt: { } expires } valid) return null;
        return new AccessTokenClaims(valid.Issuer, clientId, valid.Audiences.Count > 0 ? valid.Audiences[0] : "", string.Join(' ', valid.Scopes),
            valid.IssuedAt ?? DateTimeOffset.MinValue, expires, jti, valid.Jkt, valid.X5t);
    }
}
