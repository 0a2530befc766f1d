namespace Tollgate.Authorizer.TokenHandler;

/// <summary>What a <c>Cookie</c> header holds under one name.</summary>
public enum CookieStatus
{
    Absent,
    Found,
    /// <summary>Sent more than once: refused rather than guessing which one the browser meant.</summary>
    Duplicate,
}

/// <summary>One cookie looked up in a <c>Cookie</c> header.</summary>
public readonly record struct CookieValue(CookieStatus Status, string? Value)
{
    public static readonly CookieValue Absent = new(CookieStatus.Absent, null);
}

/// <summary>
/// Reads the <c>Cookie</c> request header (RFC 6265 §4.2.1 / §5.4): <c>name=value</c> pairs
/// separated by <c>;</c>. Tolerant of what ordinary browsers and gateways send — blanks around
/// pairs, names and values, an empty pair, a pair without <c>=</c> (skipped), a value in double
/// quotes (unquoted) — and strict where it matters: names are compared exactly (case-sensitive)
/// and a name sent twice is <see cref="CookieStatus.Duplicate"/>, never first-wins.
/// Other cookies' values are not inspected.
/// </summary>
public static class CookieHeader
{
    public static CookieValue Find(string? header, string name)
    {
        if (string.IsNullOrEmpty(header)) return CookieValue.Absent;
        var rest = header.AsSpan();
        string? found = null;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf(';');
            var pair = (end < 0 ? rest : rest[..end]).Trim(" \t");
            rest = end < 0 ? [] : rest[(end + 1)..];

            var equals = pair.IndexOf('=');
            if (equals <= 0 || !pair[..equals].TrimEnd(" \t").SequenceEqual(name)) continue;
            if (found is not null) return new CookieValue(CookieStatus.Duplicate, null);
            found = Unquote(pair[(equals + 1)..].TrimStart(" \t")).ToString();
        }
        return found is null ? CookieValue.Absent : new CookieValue(CookieStatus.Found, found);
    }

    private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
}
