using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Core.Tokens;

/// <summary>
/// Opaque reference tokens: <c>tgat_</c> + 256 random bits, base64url. The prefix lets secret
/// scanners find leaked tokens; the store keeps only the SHA-256 of the token.
/// </summary>
public static class OpaqueToken
{
    public const string Prefix = "tgat_";
    private const int EncodedLength = 43;

    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static bool LooksLikeOne(string token) => token.Length == Prefix.Length + EncodedLength && token.StartsWith(Prefix, StringComparison.Ordinal);

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}

/// <summary>What the store keeps for an opaque token.</summary>
public sealed record OpaqueTokenRecord(byte[] Hash, AccessTokenClaims Claims, bool Revoked = false);
