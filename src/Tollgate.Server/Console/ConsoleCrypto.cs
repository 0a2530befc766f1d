using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Server.Console;

/// <summary>
/// The console's keys, derived (HKDF-SHA256) from the system secrets, so every node of a cluster — which
/// shares those secrets — opens a session cookie and checks a CSRF token another node made. The first
/// secret seals; every listed one still opens (secret rotation).
/// </summary>
public sealed class ConsoleCrypto
{
    private const int NonceBytes = 12, TagBytes = 16;
    private readonly byte[][] _sessionKeys;
    private readonly byte[] _csrfKey;

    public ConsoleCrypto(IReadOnlyList<string> systemSecrets)
    {
        _sessionKeys = [.. systemSecrets.Select(s => Derive(s, "tollgate console session v1"))];
        _csrfKey = Derive(systemSecrets[0], "tollgate console csrf v1");
    }

    /// <summary>Authenticated encryption (AES-256-GCM) of a value, base64url.</summary>
    public string Seal(string value)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        var output = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_sessionKeys[0], TagBytes);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceBytes, plain.Length), output.AsSpan(NonceBytes + plain.Length), Associated);
        return Base64Url.EncodeToString(output);
    }

    /// <summary>The sealed value, or null when it was not sealed by us (or was altered).</summary>
    public string? Open(string sealedValue)
    {
        byte[] input;
        try { input = Base64Url.DecodeFromChars(sealedValue); }
        catch (FormatException) { return null; }
        if (input.Length < NonceBytes + TagBytes) return null;
        var plain = new byte[input.Length - NonceBytes - TagBytes];
        foreach (var key in _sessionKeys)
        {
            using var aes = new AesGcm(key, TagBytes);
            try
            {
                aes.Decrypt(input.AsSpan(0, NonceBytes), input.AsSpan(NonceBytes, plain.Length), input.AsSpan(NonceBytes + plain.Length), plain, Associated);
                return Encoding.UTF8.GetString(plain);
            }
            catch (AuthenticationTagMismatchException) { }
        }
        return null;
    }

    /// <summary>The CSRF token for a binding (the session, or before sign-in the CSRF cookie's random value).</summary>
    public string CsrfToken(string binding) => Base64Url.EncodeToString(HMACSHA256.HashData(_csrfKey, Encoding.UTF8.GetBytes(binding)));

    public bool IsCsrfToken(string binding, string? token)
        => token is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(CsrfToken(binding)), Encoding.ASCII.GetBytes(token));

    public static string RandomValue() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static ReadOnlySpan<byte> Associated => "tollgate-console"u8;

    private static byte[] Derive(string secret, string purpose)
        => HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, salt: [], info: Encoding.UTF8.GetBytes(purpose));
}
