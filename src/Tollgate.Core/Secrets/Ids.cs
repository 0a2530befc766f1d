using System.Security.Cryptography;

namespace Tollgate.Core.Secrets;

/// <summary>Random identifiers for records the server creates.</summary>
public static class Ids
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A prefixed random id, e.g. <c>api_3kT9…</c>; 22 characters carry ~131 bits.</summary>
    public static string New(string prefix, int length = 22) => prefix + RandomNumberGenerator.GetString(Alphabet, length);
}
