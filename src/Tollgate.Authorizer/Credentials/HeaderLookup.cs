namespace Tollgate.Authorizer.Credentials;

internal static class HeaderLookup
{
    /// <summary>Header names are case-insensitive even when an adapter builds an ordinal dictionary.</summary>
    public static string? Find(IReadOnlyDictionary<string, string> headers, string name)
    {
        if (headers.TryGetValue(name, out var value)) return value;
        if (headers is Dictionary<string, string> { Comparer: var c } && ReferenceEquals(c, StringComparer.OrdinalIgnoreCase)) return null;
        foreach (var (key, v) in headers)
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase)) return v;
        return null;
    }
}
