using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tollgate.Client;

/// <summary>
/// The RFC 7523 client assertion for <c>private_key_jwt</c>: <c>iss</c> = <c>sub</c> = client id,
/// <c>aud</c> = the token endpoint, a fresh <c>jti</c>, valid for one minute. Signed here with
/// the platform's RSA/ECDsa so the package needs no JWT library.
/// </summary>
internal static class ClientAssertion
{
    public const string Type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    public static string? AlgorithmFor(ClientCredentialsOptions options) => (options.SigningKey, options.SigningAlgorithm) switch
    {
        (RSA, null or "RS256") => "RS256",
        (RSA, "PS256") => "PS256",
        (ECDsa ec, null or "ES256") when ec.KeySize == 256 => "ES256",
        _ => null,
    };

    public static string Create(ClientCredentialsOptions options, Uri tokenEndpoint, DateTimeOffset now)
    {
        var alg = AlgorithmFor(options) ?? throw new InvalidOperationException("no signing algorithm fits the key");
        var header = new Dictionary<string, string> { ["alg"] = alg, ["typ"] = "JWT" };
        if (options.SigningKeyId is not null) header["kid"] = options.SigningKeyId;
        var payload = new Dictionary<string, object>
        {
            ["iss"] = options.ClientId,
            ["sub"] = options.ClientId,
            ["aud"] = tokenEndpoint.AbsoluteUri,
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + Lifetime).ToUnixTimeSeconds(),
        };
        var signingInput = $"{Encode(JsonSerializer.SerializeToUtf8Bytes(header))}.{Encode(JsonSerializer.SerializeToUtf8Bytes(payload))}";
        var data = Encoding.ASCII.GetBytes(signingInput);
        var signature = options.SigningKey switch
        {
            RSA rsa => rsa.SignData(data, HashAlgorithmName.SHA256, alg == "PS256" ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1),
            ECDsa ec => ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            _ => throw new InvalidOperationException("SigningKey must be RSA or ECDsa"),
        };
        return $"{signingInput}.{Encode(signature)}";
    }

    private static string Encode(byte[] bytes) => Base64Url.EncodeToString(bytes);
}
