namespace Tollgate.Authorizer.Dpop;

/// <summary>
/// RFC 9449 §4.3: <c>htu</c> is compared with the request URL without query and fragment, after
/// RFC 3986 §6.2.2/§6.2.3 normalization: scheme and host lower-cased, the default port dropped,
/// percent-encoding and dot segments normalized (what <see cref="Uri"/> does for http and https).
/// </summary>
public static class DpopUrl
{
    /// <summary>The normalized form of an absolute http(s) URL, or null when it is not one.</summary>
    public static string? Normalize(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > 4096) return null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) return null;
        if (uri.UserInfo.Length > 0) return null;
        return uri.GetComponents(UriComponents.Scheme | UriComponents.Host | UriComponents.Port | UriComponents.Path, UriFormat.UriEscaped);
    }
}
