namespace Tollgate.Core.Admin;

/// <summary>Field rules shared by the admin commands.</summary>
internal static class Rules
{
    public const int MaxLifetimeSeconds = 30 * 24 * 3600;

    /// <summary>RFC 6749 §3.3 scope-token: printable ASCII except space, quote and backslash.</summary>
    public static bool IsScopeToken(string value)
        => value.Length is > 0 and <= 128 && value.All(c => c is '\x21' or (>= '\x23' and <= '\x5B') or (>= '\x5D' and <= '\x7E'));

    /// <summary>Identifiers safe in URLs, form encoding and Basic credentials.</summary>
    public static bool IsSafeId(string value)
        => value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '~' or '-');

    /// <summary>An API identifier: an absolute URI or URN, no whitespace.</summary>
    public static bool IsApiIdentifier(string value)
        => value.Length is > 0 and <= 512 && !value.Any(char.IsWhiteSpace) && Uri.TryCreate(value, UriKind.Absolute, out _);

    /// <summary>A web origin: scheme, host and optional port, nothing else.</summary>
    public static bool IsOrigin(string value)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
           && value == uri.GetLeftPart(UriPartial.Authority) && string.IsNullOrEmpty(uri.UserInfo);

    public static bool IsLifetime(int seconds) => seconds is > 0 and <= MaxLifetimeSeconds;
}
