using System.Security.Cryptography;
using System.Text.Json;
using Tollgate.Authorizer.Jwt;

namespace Tollgate.Authorizer.Jwks;

/// <summary>
/// Reads a JWK Set (RFC 7517) into verification keys. Keys this authorizer cannot or must not use
/// are skipped with a note: other key types, encryption keys (<c>use</c> other than <c>sig</c>),
/// symmetric keys, RSA keys under 2048 bits, unknown curves or algorithms.
/// </summary>
public static class JwksParser
{
    public const int MinRsaKeyBits = 2048;

    public static KeySet Parse(ReadOnlySpan<byte> json, out IReadOnlyList<string> skipped)
    {
        var notes = new List<string>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
        using var document = JsonDocument.ParseValue(ref reader);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            throw new FormatException("a JWK Set is a JSON object with a \"keys\" array");

        var parsed = new List<VerificationKey>();
        var index = 0;
        foreach (var jwk in keys.EnumerateArray())
        {
            var key = ParseKey(jwk, out var why);
            if (key is null) notes.Add($"keys[{index}]: {why}");
            else parsed.Add(key);
            index++;
        }
        skipped = notes;
        return new KeySet(parsed);
    }

    private static VerificationKey? ParseKey(JsonElement jwk, out string? why)
    {
        why = null;
        if (jwk.ValueKind != JsonValueKind.Object) { why = "not an object"; return null; }
        var kid = String(jwk, "kid");
        var alg = String(jwk, "alg");
        var use = String(jwk, "use");
        if (use is not null && use != "sig") { why = $"use is '{use}', not 'sig'"; return null; }
        if (alg is not null && JwsAlgorithm.Find(alg) is null) { why = $"alg '{alg}' is not supported"; return null; }

        try
        {
            switch (String(jwk, "kty"))
            {
                case "RSA":
                    var n = Bytes(jwk, "n");
                    var e = Bytes(jwk, "e");
                    if (n is null || e is null) { why = "RSA key without n or e"; return null; }
                    n = n.AsSpan().TrimStart((byte)0).ToArray();
                    if (n.Length * 8 < MinRsaKeyBits) { why = $"RSA key of {n.Length * 8} bits, under {MinRsaKeyBits}"; return null; }
                    return new VerificationKey(kid, alg, new RSAParameters { Modulus = n, Exponent = e }, Convert.ToBase64String(n));
                case "EC":
                    var crv = String(jwk, "crv");
                    var curve = NamedCurve(crv);
                    var x = Bytes(jwk, "x");
                    var y = Bytes(jwk, "y");
                    if (curve is null || x is null || y is null) { why = $"EC key with unsupported curve '{crv}' or without x/y"; return null; }
                    var parameters = new ECParameters { Curve = curve.Value, Q = new ECPoint { X = x, Y = y } };
                    parameters.Validate();
                    return new VerificationKey(kid, alg, crv!, parameters, crv + Convert.ToBase64String(x) + Convert.ToBase64String(y));
                case var kty:
                    why = $"kty '{kty}' is not supported";
                    return null;
            }
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or InvalidOperationException)
        {
            why = $"unusable key material ({ex.GetType().Name})";
            return null;
        }
    }

    /// <summary>The JWK <c>crv</c> names the engine verifies (RFC 7518 §6.2.1.1), or null.</summary>
    internal static ECCurve? NamedCurve(string? crv) => crv switch
    {
        "P-256" => ECCurve.NamedCurves.nistP256,
        "P-384" => ECCurve.NamedCurves.nistP384,
        "P-521" => ECCurve.NamedCurves.nistP521,
        _ => null,
    };

    private static string? String(JsonElement jwk, string name) =>
        jwk.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[]? Bytes(JsonElement jwk, string name) =>
        String(jwk, name) is { Length: > 0 } text ? Base64Url.DecodeFromChars(text) : null;
}
