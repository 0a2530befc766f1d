using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tollgate.Authorizer.Caching;
using Tollgate.Authorizer.Jwt;

namespace Tollgate.Authorizer.Dpop;

/// <summary>
/// Checks a DPoP proof JWT (RFC 9449 §4.3), one step at a time:
/// size → structure → <c>typ</c> <c>dpop+jwt</c> → algorithm allow-list → <c>jwk</c> (public, fits the alg)
/// → signature by that key → <c>jti</c> → <c>htm</c> → <c>htu</c> → <c>iat</c> window → <c>ath</c>
/// (when an access token comes with the proof) → server nonce (when nonces are on).
/// The replay check is the caller's, with <see cref="DpopProof.ReplayKey"/>: the authorizer keeps
/// a <see cref="DpopReplayCache"/>, the token endpoint a store its nodes share.
/// </summary>
public sealed class DpopProofValidator(DpopSettings settings, TimeProvider time, DpopNonces? nonces = null)
{
    private const int MaxJtiLength = 256;
    // Proof keys seen lately (clients keep theirs): never disposed here, as a cached key may be in use.
    private readonly BoundedCache<string, Jwks.VerificationKey> _keys = new(1024, StringComparer.Ordinal);

    public DpopSettings Settings => settings;

    /// <summary>Whether proofs must carry a server nonce (<see cref="DpopNonces"/> configured).</summary>
    public DpopNonces? Nonces => nonces;

    /// <param name="proof">The <c>DPoP</c> header value.</param>
    /// <param name="method">The request's HTTP method.</param>
    /// <param name="url">The request's absolute URL as the client addressed it (query and fragment are ignored).</param>
    /// <param name="accessToken">The access token sent with the proof (resource requests): <c>ath</c> must be its hash.</param>
    public DpopResult Validate(string? proof, string method, string url, string? accessToken = null)
    {
        if (string.IsNullOrWhiteSpace(proof)) return DpopResult.Invalid("DPoP header is missing or empty");
        if (proof.Length > settings.MaxProofLength) return DpopResult.Invalid($"DPoP proof is longer than {settings.MaxProofLength} characters");
        if (DpopProofReader.Read(proof) is not { } parts) return DpopResult.Invalid("DPoP proof is not a compact JWS with JSON header and payload");
        using var header = parts.Header;
        using var payload = parts.Payload;

        var h = header.RootElement;
        if (DpopProofReader.Duplicated(h) is { } dupHeader) return DpopResult.Invalid($"DPoP proof header repeats '{dupHeader}'");
        if (Str(h, "typ") != "dpop+jwt") return DpopResult.Invalid("DPoP proof typ must be 'dpop+jwt'");
        if (h.TryGetProperty("crit", out _)) return DpopResult.Invalid("DPoP proof header has crit: no extension is understood here");
        var algName = Str(h, "alg");
        if (algName is null || JwsAlgorithm.Find(algName) is not { } alg || !settings.Allows(alg))
            return DpopResult.Invalid($"DPoP proof alg '{algName}' is not allowed (allowed: {string.Join(", ", settings.Algorithms)})");
        if (!h.TryGetProperty("jwk", out var jwk)) return DpopResult.Invalid("DPoP proof header has no jwk");
        if (jwk.ValueKind == JsonValueKind.Object && DpopProofReader.Duplicated(jwk) is { } dupJwk) return DpopResult.Invalid($"DPoP proof jwk repeats '{dupJwk}'");
        var key = DpopJwk.Read(jwk, _keys, out var thumbprint, out var jwkError);
        if (key is null) return DpopResult.Invalid("DPoP proof " + jwkError);
        if (!key.Fits(alg)) return DpopResult.Invalid($"DPoP proof jwk cannot verify {alg.Name}");
        if (!JwtValidator.VerifySignature(proof, parts.SignatureDot, alg, key)) return DpopResult.Invalid("DPoP proof signature does not verify with its jwk");

        var p = payload.RootElement;
        if (DpopProofReader.Duplicated(p) is { } dupClaim) return DpopResult.Invalid($"DPoP proof repeats the claim '{dupClaim}'");
        var jti = Str(p, "jti");
        if (string.IsNullOrEmpty(jti) || jti.Length > MaxJtiLength) return DpopResult.Invalid($"DPoP proof jti must be a string of 1 to {MaxJtiLength} characters");
        if (Str(p, "htm") is not { } htm || !string.Equals(htm, method, StringComparison.Ordinal))
            return DpopResult.Invalid($"DPoP proof htm does not match the request method {method}");
        if (DpopUrl.Normalize(url) is not { } expectedUrl) return DpopResult.Invalid("the request URL is not known, so no proof can match it");
        if (DpopUrl.Normalize(Str(p, "htu")) is not { } htu || !string.Equals(htu, expectedUrl, StringComparison.Ordinal))
            return DpopResult.Invalid($"DPoP proof htu does not match the request URL {expectedUrl}");

        if (!p.TryGetProperty("iat", out var iatElement) || iatElement.ValueKind != JsonValueKind.Number || !iatElement.TryGetInt64(out var iat))
            return DpopResult.Invalid("DPoP proof iat must be an integer NumericDate");
        var now = time.GetUtcNow();
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(iat, 0, 253402300799));
        if (issuedAt > now + settings.ClockSkew) return DpopResult.Invalid("DPoP proof iat is in the future");
        if (issuedAt < now - settings.MaxAge - settings.ClockSkew) return DpopResult.Invalid($"DPoP proof iat is older than {settings.MaxAge.TotalSeconds:0} seconds");

        if (accessToken is not null)
        {
            if (Str(p, "ath") is not { } ath) return DpopResult.Invalid("DPoP proof has no ath for the access token");
            if (!AthMatches(ath, accessToken)) return DpopResult.Invalid("DPoP proof ath is not the hash of the access token");
        }

        if (nonces is not null)
        {
            if (!p.TryGetProperty("nonce", out var nonce)) return DpopResult.NonceRequired("DPoP proof has no nonce; use the DPoP-Nonce the server sent");
            if (nonce.ValueKind != JsonValueKind.String || !nonces.IsCurrent(nonce.GetString()!)) return DpopResult.NonceRequired("DPoP proof nonce is not current");
        }

        return DpopResult.Valid(new DpopProof(thumbprint, jti, issuedAt, issuedAt + settings.MaxAge + settings.ClockSkew * 2));
    }

    /// <summary>RFC 9449 §4.2: <c>ath</c> = base64url(SHA-256(ASCII(access token))), compared in fixed time.</summary>
    internal static bool AthMatches(string ath, string accessToken)
    {
        Span<byte> expected = stackalloc byte[32];
        SHA256.HashData(Encoding.ASCII.GetBytes(accessToken), expected);
        Span<byte> given = stackalloc byte[33];
        return ath.Length == 43 && Base64UrlDecoder.TryDecode(ath, given, out var written) && written == 32
            && CryptographicOperations.FixedTimeEquals(expected, given[..32]);
    }

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
