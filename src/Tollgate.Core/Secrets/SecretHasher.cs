using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Core.Secrets;

/// <summary>
/// Client secrets, hashed with a versioned scheme and compared in fixed time.
/// <list type="bullet">
/// <item><c>tgs1$salt$digest</c>: salted SHA-256, for secrets the server generates (256 random
/// bits: no dictionary to slow down, so a password KDF would only slow the token endpoint).</item>
/// <item><c>tgp1$iterations$salt$digest</c>: PBKDF2-SHA256, for secrets an operator chose
/// (the bootstrap root secret), which may be guessable.</item>
/// </list>
/// See docs/security.md.
/// </summary>
public static class SecretHasher
{
    public const string SecretPrefix = "tgcs_";
    private const int SaltBytes = 16;
    private const int Pbkdf2Iterations = 210_000;

    /// <summary>A new secret with 256 bits of entropy and a prefix secret scanners can find.</summary>
    public static string GenerateSecret() => SecretPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Hash for a server-generated (high-entropy) secret.</summary>
    public static string HashGenerated(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return $"tgs1${Base64Url.EncodeToString(salt)}${Base64Url.EncodeToString(Sha256(salt, secret))}";
    }

    /// <summary>Hash for a secret chosen by a person (may be low-entropy).</summary>
    public static string HashChosen(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var digest = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, Pbkdf2Iterations, HashAlgorithmName.SHA256, 32);
        return $"tgp1${Pbkdf2Iterations}${Base64Url.EncodeToString(salt)}${Base64Url.EncodeToString(digest)}";
    }

    /// <summary>True when <paramref name="secret"/> matches <paramref name="hash"/>; fixed-time in the secret.</summary>
    public static bool Verify(string secret, string hash)
    {
        var parts = hash.Split('$');
        try
        {
            switch (parts)
            {
                case ["tgs1", var salt, var digest]:
                    return CryptographicOperations.FixedTimeEquals(Sha256(Base64Url.DecodeFromChars(salt), secret), Base64Url.DecodeFromChars(digest));
                case ["tgp1", var iterations, var salt, var digest]:
                    var expected = Base64Url.DecodeFromChars(digest);
                    var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), Base64Url.DecodeFromChars(salt),
                        int.Parse(iterations, System.Globalization.CultureInfo.InvariantCulture), HashAlgorithmName.SHA256, expected.Length);
                    return CryptographicOperations.FixedTimeEquals(actual, expected);
                default:
                    return false;
            }
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static byte[] Sha256(ReadOnlySpan<byte> salt, string secret)
    {
        var secretBytes = Encoding.UTF8.GetBytes(secret);
        var input = new byte[salt.Length + secretBytes.Length];
        salt.CopyTo(input);
        secretBytes.CopyTo(input.AsSpan(salt.Length));
        return SHA256.HashData(input);
    }
}
