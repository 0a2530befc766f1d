using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tollgate.Authorizer.Caching;
using Tollgate.Authorizer.Jwks;
using Tollgate.Authorizer.Jwt;

namespace Tollgate.Authorizer.Dpop;

/// <summary>
/// The public key a DPoP proof carries in its <c>jwk</c> header: EC (P-256/384/521) or RSA
/// (at least <see cref="JwksParser.MinRsaKeyBits"/>), public members only, and its RFC 7638
/// thumbprint. A JWK holding any private or symmetric member (<c>d</c>, <c>p</c>, <c>q</c>,
/// <c>dp</c>, <c>dq</c>, <c>qi</c>, <c>oth</c>, <c>k</c>) is refused: RFC 9449 §4.3 check 8.
/// </summary>
internal static class DpopJwk
{
    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    public static VerificationKey? Read(JsonElement jwk, out string thumbprint, out string? error) => Read(jwk, null, out thumbprint, out error);

    /// <param name="known">
    /// Keys already imported, by thumbprint: a client signs every proof with the same key, and importing it
    /// costs more than verifying a signature. The thumbprint is a hash of exactly the members the key is
    /// built from, so a hit is the same key; only keys that imported cleanly are added.
    /// </param>
    public static VerificationKey? Read(JsonElement jwk, BoundedCache<string, VerificationKey>? known, out string thumbprint, out string? error)
    {
        thumbprint = "";
        if (jwk.ValueKind != JsonValueKind.Object) { error = "jwk is not a JSON object"; return null; }
        foreach (var member in PrivateMembers)
            if (jwk.TryGetProperty(member, out _)) { error = $"jwk holds the private member '{member}'"; return null; }

        try
        {
            switch (String(jwk, "kty"))
            {
                case "EC":
                    var crv = String(jwk, "crv");
                    var curve = JwksParser.NamedCurve(crv);
                    var x = String(jwk, "x");
                    var y = String(jwk, "y");
                    if (curve is null || x is null || y is null) { error = $"EC jwk with unsupported curve '{crv}' or without x/y"; return null; }
                    thumbprint = Thumbprint($"{{\"crv\":\"{crv}\",\"kty\":\"EC\",\"x\":\"{x}\",\"y\":\"{y}\"}}");
                    error = null;
                    if (known is not null && known.TryGet(thumbprint, out var knownEc)) return knownEc;
                    var parameters = new ECParameters { Curve = curve.Value, Q = new ECPoint { X = Base64Url.DecodeFromChars(x), Y = Base64Url.DecodeFromChars(y) } };
                    parameters.Validate();
                    return Remember(known, new VerificationKey(null, null, crv!, parameters, thumbprint));
                case "RSA":
                    var n = String(jwk, "n");
                    var e = String(jwk, "e");
                    if (n is null || e is null) { error = "RSA jwk without n or e"; return null; }
                    thumbprint = Thumbprint($"{{\"e\":\"{e}\",\"kty\":\"RSA\",\"n\":\"{n}\"}}");
                    error = null;
                    if (known is not null && known.TryGet(thumbprint, out var knownRsa)) return knownRsa;
                    var modulus = Base64Url.DecodeFromChars(n).AsSpan().TrimStart((byte)0).ToArray();
                    if (modulus.Length * 8 < JwksParser.MinRsaKeyBits) { error = $"RSA jwk of {modulus.Length * 8} bits, under {JwksParser.MinRsaKeyBits}"; return null; }
                    return Remember(known, new VerificationKey(null, null, new RSAParameters { Modulus = modulus, Exponent = Base64Url.DecodeFromChars(e) }, thumbprint));
                case var kty:
                    error = $"jwk kty '{kty}' is not supported (EC or RSA)";
                    return null;
            }
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or InvalidOperationException or ArgumentException)
        {
            error = $"jwk key material is unusable ({ex.GetType().Name})";
            return null;
        }
    }

    private static VerificationKey Remember(BoundedCache<string, VerificationKey>? known, VerificationKey key)
    {
        known?.Set(key.Thumbprint, key);
        return key;
    }

    /// <summary>
    /// RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace, base64url.
    /// The member values are base64url or curve names (checked by the caller), so none needs JSON escaping.
    /// </summary>
    private static string Thumbprint(string canonicalJson) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)));

    /// <summary>A string member that is base64url or a curve name: anything else would change the canonical JSON.</summary>
    private static string? String(JsonElement jwk, string name)
    {
        if (!jwk.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String) return null;
        var text = value.GetString()!;
        foreach (var c in text)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return null;
        return text.Length == 0 ? null : text;
    }
}
