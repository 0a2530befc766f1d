using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Tollgate.Client.Tests.Dpop;

/// <summary>Reads proofs and computes thumbprints independently of the code under test.</summary>
public static class DpopProofReading
{
    public static JsonObject Header(string jws) => Part(jws, 0);

    public static JsonObject Claims(string jws) => Part(jws, 1);

    private static JsonObject Part(string jws, int index) => JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(jws.Split('.')[index])))!.AsObject();

    /// <summary>RFC 7638 thumbprint of the public half of <paramref name="key"/>.</summary>
    public static string Thumbprint(AsymmetricAlgorithm key)
    {
        var canonical = key switch
        {
            ECDsa ec => $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{B64(ec.ExportParameters(false).Q.X!)}\",\"y\":\"{B64(ec.ExportParameters(false).Q.Y!)}\"}}",
            RSA rsa => $"{{\"e\":\"{B64(rsa.ExportParameters(false).Exponent!)}\",\"kty\":\"RSA\",\"n\":\"{B64(rsa.ExportParameters(false).Modulus!)}\"}}",
            _ => throw new NotSupportedException(),
        };
        return B64(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);
}
