namespace Tollgate.Authorizer.TokenHandler;

/// <summary>
/// The web origins allowed to send cookies. A request's <c>Origin</c> must equal one of them
/// exactly: ordinal, no case folding, no trailing slash, no default port added or removed.
/// </summary>
public sealed class TrustedOrigins(IEnumerable<string> origins)
{
    private readonly string[] _origins = [.. origins];

    /// <returns>The configured origin that matches, or null (absent or untrusted).</returns>
    public string? Match(string? origin)
    {
        if (string.IsNullOrEmpty(origin)) return null;
        foreach (var trusted in _origins)
            if (string.Equals(trusted, origin, StringComparison.Ordinal)) return trusted;
        return null;
    }
}
