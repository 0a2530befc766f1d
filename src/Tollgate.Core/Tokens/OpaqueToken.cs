using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Core.Tokens;

/// <summary>
/// The <c>tgat_</c> prefix every opaque access token carries, so secret scanners find leaked
/// ones, and the reference format of releases before sealed tokens (<see cref="OpaqueTokenSealer"/>):
/// <c>tgat_</c> + 256 random bits, base64url, with only its SHA-256 kept in the store. Reference
/// tokens are no longer issued; those already issued stay valid until they expire.
/// </summary>
public static class OpaqueToken
{
    public const string Prefix = "tgat_";
    private const int ReferenceLength = 43;

    /// <summary>A token in the reference format (earlier releases issued these; tests use them as any opaque token).</summary>
    public static string GenerateReference() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static bool IsReference(string token) => token.Length == Prefix.Length + ReferenceLength && token.StartsWith(Prefix, StringComparison.Ordinal);

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}

/// <summary>What the store keeps for a reference token of an earlier release.</summary>
public sealed record OpaqueTokenRecord(byte[] Hash, AccessTokenClaims Claims, bool Revoked = false);
