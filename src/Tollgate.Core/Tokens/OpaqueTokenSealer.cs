using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Core.Tokens;

/// <summary>
/// Self-contained opaque access tokens: the claims sealed with AES-256-GCM, so issuing and
/// introspecting one touches no database and every node that shares the system secret can open
/// it. The format is versioned and keeps the <c>tgat_</c> prefix so secret scanners still find
/// leaked tokens:
/// <code>
/// tgat_ base64url( 0x01 | secret id (4) | epoch (uint32) | nonce (12) | ciphertext | tag (16) )
/// plaintext = iat (int64 s) | lifetime (uint32 s) | jti | client_id | audience | scope [| jkt [| x5t]]   (strings: uint16 length + UTF-8)
/// </code>
/// The master key is HKDF-SHA256 of the system secret; the first secret seals, every configured
/// secret opens, so the secret rotates as it does for signing keys. Each hour (the epoch) seals
/// under its own key, HKDF-Expand(master, epoch), with random 96-bit nonces: AES-GCM's limit of
/// 2^32 random nonces per key then means 2^32 tokens per hour across all nodes (1.2 million a
/// second), far above what a cluster issues, where one key for ever would reach it in a day at
/// full speed. (A fresh key per token would lift the limit altogether but costs two key set-ups,
/// about 3 µs, on every issue and introspection.) The associated data binds the prefix, the
/// header and the issuer: a token of another issuer sharing the secret does not open here.
/// A DPoP-bound token (RFC 9449) carries its key's thumbprint as a fifth string: bearer tokens are
/// byte for byte what they were, and a release that knows only four strings refuses a bound
/// token (inactive) rather than treating it as a bearer token. A certificate-bound token (RFC 8705)
/// carries the certificate's thumbprint as a sixth string, after the jkt (empty when not DPoP-bound).
/// </summary>
public sealed class OpaqueTokenSealer
{
    public const int MaxTokenLength = 4096;
    private const byte Version = 1;
    private const int IdLength = 4, EpochLength = 4, NonceLength = 12, TagLength = 16;
    private const int HeaderLength = 1 + IdLength + EpochLength + NonceLength;
    private const int EpochSeconds = 3600;
    private static readonly byte[] Info = "tollgate opaque access token v1"u8.ToArray();
    private readonly (byte[] Id, byte[] Master)[] _secrets;
    private readonly TimeProvider _time;
    // AesGcm instances are not thread-safe and cost about 1.5 µs to set up: each thread keeps its own few.
    private readonly ThreadLocal<EpochKeyCache> _keys;

    public OpaqueTokenSealer(IReadOnlyList<string> systemSecrets, TimeProvider? time = null)
    {
        if (systemSecrets.Count == 0) throw new ArgumentException("at least one system secret is required", nameof(systemSecrets));
        _secrets = systemSecrets.Select(Derive).ToArray();
        _time = time ?? TimeProvider.System;
        _keys = new ThreadLocal<EpochKeyCache>(() => new EpochKeyCache());
    }

    /// <summary>True when the token has the prefix of this server's opaque tokens (either format).</summary>
    public static bool LooksLikeOne(string token) => token.StartsWith(OpaqueToken.Prefix, StringComparison.Ordinal);

    public string Seal(AccessTokenClaims claims)
    {
        var lifetime = (claims.ExpiresAt - claims.IssuedAt).TotalSeconds;
        if (lifetime is <= 0 or > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(claims), "token lifetime out of range");
        var plaintext = new byte[8 + 4 + Utf8(claims.Jti) + Utf8(claims.ClientId) + Utf8(claims.Audience) + Utf8(claims.Scope)
            + (claims.Jkt is null && claims.X5t is null ? 0 : Utf8(claims.Jkt ?? ""))
            + (claims.X5t is null ? 0 : Utf8(claims.X5t))];
        BinaryPrimitives.WriteInt64BigEndian(plaintext, claims.IssuedAt.ToUnixTimeSeconds());
        BinaryPrimitives.WriteUInt32BigEndian(plaintext.AsSpan(8), (uint)lifetime);
        var at = 12;
        foreach (var value in (ReadOnlySpan<string>)[claims.Jti, claims.ClientId, claims.Audience, claims.Scope]) at = Write(plaintext, at, value);
        if (claims.Jkt is not null || claims.X5t is not null) at = Write(plaintext, at, claims.Jkt ?? "");
        if (claims.X5t is not null) Write(plaintext, at, claims.X5t);

        var sealedBytes = new byte[HeaderLength + plaintext.Length + TagLength];
        var (id, master) = _secrets[0];
        var epoch = (uint)(_time.GetUtcNow().ToUnixTimeSeconds() / EpochSeconds);
        sealedBytes[0] = Version;
        id.CopyTo(sealedBytes, 1);
        BinaryPrimitives.WriteUInt32BigEndian(sealedBytes.AsSpan(1 + IdLength), epoch);
        var nonce = sealedBytes.AsSpan(1 + IdLength + EpochLength, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        _keys.Value!.For(master, epoch).Encrypt(nonce, plaintext, sealedBytes.AsSpan(HeaderLength, plaintext.Length),
            sealedBytes.AsSpan(HeaderLength + plaintext.Length), AssociatedData(sealedBytes.AsSpan(0, HeaderLength), claims.Issuer));
        var token = OpaqueToken.Prefix + Base64Url.EncodeToString(sealedBytes);
        if (token.Length > MaxTokenLength) throw new ArgumentException("claims too long for an opaque token", nameof(claims));
        return token;
    }

    /// <summary>The claims of a token this server sealed for <paramref name="issuer"/>; null for anything else.</summary>
    public AccessTokenClaims? TryOpen(string token, string issuer)
    {
        if (!LooksLikeOne(token) || token.Length > MaxTokenLength) return null;
        var bytes = new byte[Base64Url.GetMaxDecodedLength(token.Length - OpaqueToken.Prefix.Length)];
        if (Base64Url.DecodeFromChars(token.AsSpan(OpaqueToken.Prefix.Length), bytes, out _, out var length) != System.Buffers.OperationStatus.Done) return null;
        if (length < HeaderLength + 8 + 4 + 4 * 2 + TagLength || bytes[0] != Version) return null;
        var sealedBytes = bytes.AsSpan(0, length);
        var master = MasterFor(sealedBytes.Slice(1, IdLength));
        if (master is null) return null;

        var ciphertextLength = length - HeaderLength - TagLength;
        var plaintext = new byte[ciphertextLength];
        try
        {
            var epoch = BinaryPrimitives.ReadUInt32BigEndian(sealedBytes[(1 + IdLength)..]);
            _keys.Value!.For(master, epoch).Decrypt(sealedBytes.Slice(1 + IdLength + EpochLength, NonceLength),
                sealedBytes.Slice(HeaderLength, ciphertextLength), sealedBytes.Slice(HeaderLength + ciphertextLength),
                plaintext, AssociatedData(sealedBytes[..HeaderLength], issuer));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        return Parse(plaintext, issuer);
    }

    private static AccessTokenClaims? Parse(ReadOnlySpan<byte> plaintext, string issuer)
    {
        // Authenticated, so written by us; the checks guard against a format this version does not know.
        var iat = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(plaintext));
        var lifetime = BinaryPrimitives.ReadUInt32BigEndian(plaintext[8..]);
        var rest = plaintext[12..];
        Span<string?> values = [null, null, null, null, null, null];
        for (var i = 0; i < values.Length; i++)
        {
            if (i >= 4 && rest.IsEmpty) break; // no jkt (a bearer token), or no x5t (not certificate-bound)
            if (rest.Length < 2) return null;
            var length = BinaryPrimitives.ReadUInt16BigEndian(rest);
            if (rest.Length < 2 + length) return null;
            values[i] = Encoding.UTF8.GetString(rest.Slice(2, length));
            rest = rest[(2 + length)..];
        }
        if (!rest.IsEmpty) return null;
        return new AccessTokenClaims(issuer, values[1]!, values[2]!, values[3]!, iat, iat.AddSeconds(lifetime), values[0]!,
            values[4] is { Length: > 0 } jkt ? jkt : null, values[5]);
    }

    private byte[]? MasterFor(ReadOnlySpan<byte> id)
    {
        foreach (var (secretId, master) in _secrets)
            if (id.SequenceEqual(secretId)) return master;
        return null;
    }


    private static byte[] AssociatedData(ReadOnlySpan<byte> header, string issuer)
    {
        var data = new byte[OpaqueToken.Prefix.Length + header.Length + Encoding.UTF8.GetByteCount(issuer)];
        Encoding.ASCII.GetBytes(OpaqueToken.Prefix, data);
        header.CopyTo(data.AsSpan(OpaqueToken.Prefix.Length));
        Encoding.UTF8.GetBytes(issuer, data.AsSpan(OpaqueToken.Prefix.Length + header.Length));
        return data;
    }

    private static int Utf8(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        if (length > ushort.MaxValue) throw new ArgumentException("claim too long for an opaque token", nameof(value));
        return 2 + length;
    }

    private static int Write(byte[] buffer, int at, string value)
    {
        var length = Encoding.UTF8.GetBytes(value, buffer.AsSpan(at + 2));
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at), (ushort)length);
        return at + 2 + length;
    }

    private static (byte[], byte[]) Derive(string secret)
    {
        var master = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, salt: [], info: Info);
        return (SHA256.HashData(master).AsSpan(0, IdLength).ToArray(), master);
    }

    /// <summary>The last few epoch keys a thread used: sealing needs the current one, opening the few a token lifetime spans.</summary>
    private sealed class EpochKeyCache
    {
        private readonly (byte[]? Master, uint Epoch, AesGcm? Aes)[] _slots = new (byte[]?, uint, AesGcm?)[4];
        private int _next;

        public AesGcm For(byte[] master, uint epoch)
        {
            foreach (var slot in _slots)
                if (ReferenceEquals(slot.Master, master) && slot.Epoch == epoch) return slot.Aes!;
            Span<byte> info = stackalloc byte[Info.Length + 4];
            Info.CopyTo(info);
            BinaryPrimitives.WriteUInt32BigEndian(info[Info.Length..], epoch);
            var key = new byte[32];
            HKDF.Expand(HashAlgorithmName.SHA256, master, key, info);
            var aes = new AesGcm(key, TagLength);
            _slots[_next].Aes?.Dispose();
            _slots[_next] = (master, epoch, aes);
            _next = (_next + 1) % _slots.Length;
            return aes;
        }
    }
}
