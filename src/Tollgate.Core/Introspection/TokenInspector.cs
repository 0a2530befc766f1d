using Tollgate.Core.Apis;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tollgate.Core.Keys;
using Tollgate.Core.OAuth;
using Tollgate.Core.Revocation;
using Tollgate.Core.Storage;
using Tollgate.Core.Tokens;

namespace Tollgate.Core.Introspection;

/// <summary>
/// Decides whether a token this server issued is active and what it says: opaque tokens by
/// opening their seal (no database read), JWTs by signature (our own published keys only),
/// type, issuer and lifetime; both against revocation and the continued existence of their
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

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };
    private readonly Dictionary<string, SecurityKey> _verificationKeys = new();
    private readonly Lock _keysLock = new();

    public async ValueTask<AccessTokenClaims?> InspectAsync(string token, CancellationToken cancellationToken)
    {
        var claims = OpaqueTokenSealer.LooksLikeOne(token)
            ? await InspectOpaqueAsync(token, cancellationToken)
            : await InspectJwtAsync(token);
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

    private async ValueTask<AccessTokenClaims?> InspectJwtAsync(string token)
    {
        if (token.Length > 16 * 1024 || !Handler.CanReadToken(token)) return null;
        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer.Value,
            ValidateAudience = false,
            ValidAlgorithms = SigningAlgorithms.Supported,
            ValidTypes = ["at+jwt"],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.Zero,
            LifetimeValidator = (_, expires, _, _) => expires > time.GetUtcNow().UtcDateTime,
            IssuerSigningKeyResolver = (_, _, kid, _) => VerificationKey(kid) is { } key ? [key] : [],
        });
        if (!result.IsValid) return null;

        var jwt = (JsonWebToken)result.SecurityToken;
        if (!jwt.TryGetPayloadValue<string>("jti", out var jti)) return null;
        if (!jwt.TryGetPayloadValue<string>("client_id", out var clientId)) return null;
        jwt.TryGetPayloadValue<string>("scope", out var scope);
        var audience = jwt.Audiences.FirstOrDefault() ?? "";
        string? jkt = null, x5t = null;
        if (jwt.TryGetPayloadValue<System.Text.Json.JsonElement>("cnf", out var cnf))
        {
            // A cnf this server did not write (neither jkt nor x5t#S256, or not strings) leaves the token inactive rather than unbound.
            if (cnf.ValueKind != System.Text.Json.JsonValueKind.Object) return null;
            if (!Member(cnf, "jkt", out jkt) || !Member(cnf, "x5t#S256", out x5t) || (jkt is null && x5t is null)) return null;
        }
        return new AccessTokenClaims(jwt.Issuer, clientId, audience, scope ?? "",
            new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero), new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero), jti, jkt, x5t);
    }

    /// <summary>An optional string member of <c>cnf</c>: false when present but not a non-empty string.</summary>
    private static bool Member(System.Text.Json.JsonElement cnf, string name, out string? value)
    {
        value = null;
        if (!cnf.TryGetProperty(name, out var member)) return true;
        if (member.ValueKind != System.Text.Json.JsonValueKind.String) return false;
        value = member.GetString();
        return value is { Length: > 0 };
    }

    private SecurityKey? VerificationKey(string? kid)
    {
        if (kid is null) return null;
        // Only keys still published verify: an unpublished key's tokens have all expired.
        var key = keys.Find(kid);
        if (key is null || !key.PublishedAt(time.GetUtcNow())) return null;
        lock (_keysLock)
        {
            if (_verificationKeys.TryGetValue(kid, out var cached)) return cached;
            SecurityKey securityKey = key.CreatePublicKey() switch
            {
                System.Security.Cryptography.RSA rsa => new RsaSecurityKey(rsa) { KeyId = kid },
                System.Security.Cryptography.ECDsa ec => new ECDsaSecurityKey(ec) { KeyId = kid },
                _ => throw new InvalidOperationException("unexpected key type"),
            };
            _verificationKeys[kid] = securityKey;
            return securityKey;
        }
    }
}
