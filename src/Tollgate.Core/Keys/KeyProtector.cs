using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Core.Keys;

/// <summary>
/// Encrypts private keys at rest under a key-encryption key derived (HKDF-SHA256) from the
/// system secret. The first secret encrypts; older ones still decrypt, so the system secret can
/// rotate. Format: <c>v1.{kek id}.{nonce}.{ciphertext}.{tag}</c>, base64url parts.
/// </summary>
public sealed class KeyProtector
{
    private static readonly byte[] Info = "tollgate signing-key encryption v1"u8.ToArray();
    private readonly (string Id, byte[] Key)[] _keks;

    public KeyProtector(IReadOnlyList<string> systemSecrets)
    {
        if (systemSecrets.Count == 0) throw new ArgumentException("at least one system secret is required", nameof(systemSecrets));
        _keks = systemSecrets.Select(Derive).ToArray();
    }

    public string CurrentKekId => _keks[0].Id;

    public string Protect(ReadOnlySpan<byte> plaintext)
    {
        var (id, kek) = _keks[0];
        var nonce = RandomNumberGenerator.GetBytes(12);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(kek, 16);
        aes.Encrypt(nonce, plaintext, ciphertext, tag);
        return $"v1.{id}.{Base64Url.EncodeToString(nonce)}.{Base64Url.EncodeToString(ciphertext)}.{Base64Url.EncodeToString(tag)}";
    }

    /// <exception cref="CryptographicException">No configured system secret opens the value.</exception>
    public byte[] Unprotect(string value)
    {
        var parts = value.Split('.');
        if (parts is not ["v1", var id, var nonce, var ciphertext, var tag])
            throw new CryptographicException("unrecognised protected key format");
        foreach (var (kekId, kek) in _keks)
        {
            if (kekId != id) continue;
            var cipherBytes = Base64Url.DecodeFromChars(ciphertext);
            var plaintext = new byte[cipherBytes.Length];
            using var aes = new AesGcm(kek, 16);
            aes.Decrypt(Base64Url.DecodeFromChars(nonce), cipherBytes, Base64Url.DecodeFromChars(tag), plaintext);
            return plaintext;
        }
        throw new CryptographicException($"no configured system secret matches key-encryption key '{id}'");
    }

    private static (string, byte[]) Derive(string secret)
    {
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, salt: [], info: Info);
        var id = Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 6));
        return (id, key);
    }
}
