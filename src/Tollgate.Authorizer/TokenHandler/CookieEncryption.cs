namespace Tollgate.Authorizer.TokenHandler;

/// <summary>
/// Token-handler cookie encryption, "version 1" (AES-256-GCM, see <see cref="CookieCipher"/>): what
/// an OAuth Agent writes and the OAuth Proxy reads. For agents, tools and tests; the proxy itself
/// keeps one cipher per key.
/// </summary>
public static class CookieEncryption
{
    /// <summary>Encrypts <paramref name="plaintext"/> under a fresh random IV.</summary>
    /// <exception cref="FormatException">The key is not 64 hexadecimal characters.</exception>
    public static string Encrypt(string plaintext, string hexKey)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        using var cipher = CookieCipher.FromHex(hexKey);
        return cipher.Encrypt(plaintext);
    }

    /// <summary>The plaintext of a cookie value, or false for anything that is not a valid version 1 value under this key.</summary>
    /// <exception cref="FormatException">The key is not 64 hexadecimal characters.</exception>
    public static bool TryDecrypt(string cookieValue, string hexKey, out string plaintext)
    {
        ArgumentNullException.ThrowIfNull(cookieValue);
        using var cipher = CookieCipher.FromHex(hexKey);
        return cipher.TryDecrypt(cookieValue, int.MaxValue / 2, out plaintext, out _);
    }

    /// <exception cref="FormatException">The key is not 64 hexadecimal characters, or the value does not decrypt under it.</exception>
    public static string Decrypt(string cookieValue, string hexKey) =>
        TryDecrypt(cookieValue, hexKey, out var plaintext) ? plaintext : throw new FormatException("the cookie value does not decrypt under this key");
}
