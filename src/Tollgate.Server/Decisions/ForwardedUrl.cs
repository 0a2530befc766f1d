using Microsoft.AspNetCore.Http;
using Tollgate.Authorizer.Dpop;

namespace Tollgate.Server.Decisions;

/// <summary>
/// The original request's absolute URL, for a DPoP proof's <c>htu</c>: an absolute
/// <c>X-Original-URI</c> / <c>X-Forwarded-Uri</c> as it is (Envoy, Traefik), else
/// <c>X-Forwarded-Proto</c> + <c>://</c> + <c>X-Forwarded-Host</c> + that URI's path, each falling back to
/// this request's own scheme and <c>Host</c>. Built only when the request carries a <c>DPoP</c> header:
/// bearer decisions never pay for it.
/// </summary>
internal static class ForwardedUrl
{
    public static string? For(HttpRequest request, string uri)
    {
        var headers = request.Headers;
        if (!headers.ContainsKey(DpopBinding.HeaderName)) return null;
        if (Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https") return uri;
        if (!uri.StartsWith('/')) return null;
        var scheme = First(headers["X-Forwarded-Proto"].ToString()) ?? request.Scheme;
        var host = First(headers["X-Forwarded-Host"].ToString()) ?? request.Host.Value;
        return string.IsNullOrEmpty(host) ? null : $"{scheme}://{host}{uri}";
    }

    /// <summary>The first hop's value of a header a chain of proxies may have appended to (<c>a, b</c>).</summary>
    private static string? First(string value)
    {
        var comma = value.IndexOf(',');
        var first = (comma < 0 ? value : value[..comma]).Trim();
        return first.Length == 0 ? null : first;
    }
}
