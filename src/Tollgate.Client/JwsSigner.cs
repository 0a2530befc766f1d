using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tollgate.Client;

/// <summary>
/// Compact JWS signing with the platform's RSA/ECDsa, so the package needs no JWT library; used
/// for <c>private_key_jwt</c> client assertions and DPoP proofs.
/// </summary>
internal static class JwsSigner
{
    /// <summary>The JWS algorithm for a key: RS256 (default) or PS256 for RSA, ES256 for P-256; null when the pair does not fit.</summary>
    public static string? AlgorithmFor(AsymmetricAlgorithm? key, string? requested) => (key, requested) switch
    {
        (RSA, null or "RS256") => "RS256",
        (RSA, "PS256") => "PS256",
        (ECDsa ec, null or "ES256") when ec.KeySize == 256 => "ES256",
        _ => null,
    };

    /// <summary><c>base64url(header).base64url(payload).base64url(signature)</c>.</summary>
    public static string Sign<THeader, TPayload>(THeader header, TPayload payload, AsymmetricAlgorithm key, string alg)
    {
        var signingInput = $"{Encode(JsonSerializer.SerializeToUtf8Bytes(header))}.{Encode(JsonSerializer.SerializeToUtf8Bytes(payload))}";
        var data = Encoding.ASCII.GetBytes(signingInput);
        var signature = key switch
        {
            RSA rsa => rsa.SignData(data, HashAlgorithmName.SHA256, alg == "PS256" ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1),
            ECDsa ec => ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            _ => throw new InvalidOperationException("the key must be RSA or ECDsa"),
        };
        return $"{signingInput}.{Encode(signature)}";
    }

    public static string Encode(byte[] bytes) => Base64Url.EncodeToString(bytes);

    /// <summary>A fresh 128-bit identifier for <c>jti</c>.</summary>
    public static string NewJti() => Encode(RandomNumberGenerator.GetBytes(16));
}
