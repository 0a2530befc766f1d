using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Tollgate.Authorizer.Jwks;

namespace Tollgate.Authorizer.TokenHandler;

/// <summary>
/// Token-handler cookie values, "version 1": base64url without padding of
/// <c>0x01 | 12-byte IV | ciphertext | 16-byte tag</c>, AES-256-GCM without associated data.
/// One instance per key; thread-safe (AES-GCM instances are rented from a small pool).
/// A refusal says why only through <paramref name="failure"/>, for the log; never the value.
/// </summary>
internal sealed class CookieCipher : IDisposable
{
    public const byte Version1 = 0x01;
    public const int IvSize = 12;
    public const int TagSize = 16;
    /// <summary>Version byte, IV and tag: a value with no ciphertext at all is this long.</summary>
    public const int Overhead = 1 + IvSize + TagSize;

    private static readonly SearchValues<char> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly InstancePool<AesGcm> _pool;

    public CookieCipher(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32) throw new ArgumentException("an AES-256 key is 32 bytes", nameof(key));
        var copy = key.ToArray();
        _pool = new InstancePool<AesGcm>(() => new AesGcm(copy, TagSize));
    }

    /// <summary>The cipher for a key given as 64 hexadecimal characters.</summary>
    /// <exception cref="FormatException">The key is not 64 hexadecimal characters (the message never holds the key).</exception>
    public static CookieCipher FromHex(string hexKey)
    {
        if (!HexKey.TryParse(hexKey, out var key)) throw new FormatException(HexKey.Expectation);
        return new CookieCipher(key);
    }

    public string Encrypt(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var sealedValue = new byte[Overhead + plain.Length];
        sealedValue[0] = Version1;
        var iv = sealedValue.AsSpan(1, IvSize);
        RandomNumberGenerator.Fill(iv);
        var aes = _pool.Rent();
        try
        {
            aes.Encrypt(iv, plain, sealedValue.AsSpan(1 + IvSize, plain.Length), sealedValue.AsSpan(1 + IvSize + plain.Length, TagSize));
        }
        finally
        {
            _pool.Return(aes);
        }
        return Base64Url.EncodeToString(sealedValue);
    }

    /// <param name="value">The cookie value as sent (no quotes).</param>
    /// <param name="maxLength">Longer values are refused before decoding.</param>
    public bool TryDecrypt(ReadOnlySpan<char> value, int maxLength, out string plaintext, out string failure)
    {
        plaintext = "";
        if (value.Length > maxLength) return Fail($"longer than {maxLength} characters", out failure);
        var buffer = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(value.Length));
        try
        {
            // Padding, '+', '/' and blanks are all refused: version 1 is base64url without padding.
            if (value.ContainsAnyExcept(Alphabet) || Base64Url.DecodeFromChars(value, buffer, out var consumed, out var length) != OperationStatus.Done
                || consumed != value.Length)
                return Fail("not base64url", out failure);
            if (length < Overhead + 1) return Fail("too short", out failure);
            if (buffer[0] != Version1) return Fail($"version {buffer[0]} is not supported", out failure);

            var data = buffer.AsSpan(0, length);
            var ciphertext = data[(1 + IvSize)..^TagSize];
            var plain = data[(1 + IvSize)..^TagSize]; // decrypted in place
            var aes = _pool.Rent();
            try
            {
                aes.Decrypt(data.Slice(1, IvSize), ciphertext, data[^TagSize..], plain);
            }
            catch (CryptographicException)
            {
                return Fail("authentication tag does not match (tampered, or another key)", out failure);
            }
            finally
            {
                _pool.Return(aes);
            }

            try
            {
                plaintext = StrictUtf8.GetString(plain);
            }
            catch (DecoderFallbackException)
            {
                return Fail("plaintext is not UTF-8", out failure);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plain);
            }
            failure = "";
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool Fail(string reason, out string failure)
    {
        failure = reason;
        return false;
    }

    public void Dispose() => _pool.Dispose();
}
