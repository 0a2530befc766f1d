using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Authorizer.Caching;

/// <summary>
/// The SHA-256 of a token: what caches are keyed by, so no cache ever holds a token. A
/// cryptographic hash, because a collision would let one token ride on another's decision.
/// </summary>
public readonly struct TokenHash : IEquatable<TokenHash>
{
    private readonly ulong _a, _b, _c, _d;

    private TokenHash(ReadOnlySpan<byte> sha256)
    {
        _a = BinaryPrimitives.ReadUInt64LittleEndian(sha256);
        _b = BinaryPrimitives.ReadUInt64LittleEndian(sha256[8..]);
        _c = BinaryPrimitives.ReadUInt64LittleEndian(sha256[16..]);
        _d = BinaryPrimitives.ReadUInt64LittleEndian(sha256[24..]);
    }

    public static TokenHash Of(string token)
    {
        Span<byte> digest = stackalloc byte[32];
        Compute(token, digest);
        return new TokenHash(digest);
    }

    /// <summary>The SHA-256 of the token's UTF-8 bytes, base64url: short, loggable, and never the token.</summary>
    public static string ToBase64Url(string token)
    {
        Span<byte> digest = stackalloc byte[32];
        Compute(token, digest);
        return Base64Url.EncodeToString(digest);
    }

    private static void Compute(string token, Span<byte> digest)
    {
        var max = Encoding.UTF8.GetMaxByteCount(token.Length);
        byte[]? rented = null;
        var bytes = max <= 2048 ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            SHA256.HashData(bytes[..Encoding.UTF8.GetBytes(token, bytes)], digest);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public bool Equals(TokenHash other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;
    public override bool Equals(object? obj) => obj is TokenHash other && Equals(other);
    public override int GetHashCode() => (int)_a;
    public static bool operator ==(TokenHash left, TokenHash right) => left.Equals(right);
    public static bool operator !=(TokenHash left, TokenHash right) => !left.Equals(right);
}
