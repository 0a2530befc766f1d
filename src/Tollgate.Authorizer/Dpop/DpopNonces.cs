using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tollgate.Authorizer.Dpop;

/// <summary>
/// Server nonces (RFC 9449 §8) without state: a nonce is the current period's number and its
/// HMAC-SHA256 under a key every node shares, so any node accepts what another issued. A nonce is
/// accepted during the period it was issued in and the next one, so a client that just got one
/// never sees it refused at a period boundary.
/// </summary>
public sealed class DpopNonces
{
    private const int MacLength = 16;
    private readonly byte[] _key;
    private readonly long _periodSeconds;
    private readonly TimeProvider _time;

    public DpopNonces(ReadOnlySpan<byte> key, TimeSpan period, TimeProvider time)
    {
        if (key.Length < 32) throw new ArgumentException("a nonce key of at least 256 bits is required", nameof(key));
        if (period < TimeSpan.FromSeconds(1)) throw new ArgumentOutOfRangeException(nameof(period), "at least one second");
        _key = key.ToArray();
        _periodSeconds = (long)period.TotalSeconds;
        _time = time;
    }

    /// <summary>The nonce to send in <c>DPoP-Nonce</c> now.</summary>
    public string Current() => For(Period());

    public bool IsCurrent(string nonce)
    {
        if (nonce.Length != 32) return false; // base64url of 8 + 16 bytes
        Span<byte> bytes = stackalloc byte[24];
        if (Base64Url.DecodeFromChars(nonce, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != 24) return false;
        var period = BinaryPrimitives.ReadInt64BigEndian(bytes);
        var now = Period();
        if (period != now && period != now - 1) return false;
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, bytes[..8], mac);
        return CryptographicOperations.FixedTimeEquals(mac[..MacLength], bytes[8..]);
    }

    private long Period() => _time.GetUtcNow().ToUnixTimeSeconds() / _periodSeconds;

    private string For(long period)
    {
        Span<byte> bytes = stackalloc byte[8 + 32];
        BinaryPrimitives.WriteInt64BigEndian(bytes, period);
        HMACSHA256.HashData(_key, bytes[..8], bytes[8..]);
        return Base64Url.EncodeToString(bytes[..(8 + MacLength)]);
    }
}
