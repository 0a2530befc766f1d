namespace Tollgate.Authorizer.TokenHandler;

/// <summary>The cookie key as configured: 32 bytes written as 64 hexadecimal characters.</summary>
internal static class HexKey
{
    public const string Expectation = "must be 64 hexadecimal characters (a 32-byte AES-256 key)";

    public static bool TryParse(string? hex, out byte[] key)
    {
        key = [];
        if (hex is null || hex.Length != 64) return false;
        foreach (var c in hex)
            if (!char.IsAsciiHexDigit(c)) return false;
        key = Convert.FromHexString(hex);
        return true;
    }
}
