using System.Text;
using Tollgate.Aws.Tests.TestSupport;

namespace Tollgate.Aws.Tests.TokenHandler;

/// <summary>The token-handler event fixtures filled in: a browser app's request with encrypted cookies.</summary>
public static class CookieEvents
{
    public const string RestRequest = "rest-request-cookie-event.json";
    public const string HttpApiV2 = "http-api-v2-cookie-event.json";
    public const string Prefix = "th";

    /// <param name="accessCookie">The encrypted <c>th-at</c> value (null: no cookie).</param>
    /// <param name="csrfCookie">The encrypted <c>th-csrf</c> value (null: no cookie).</param>
    public static string Text(string fixture, string method, string origin, string? accessCookie, string? csrfCookie, string csrfHeader)
    {
        var access = accessCookie is null ? "other=1" : $"{Prefix}-at={accessCookie}";
        var csrf = csrfCookie is null ? "another=2" : $"{Prefix}-csrf={csrfCookie}";
        return File.ReadAllText(Fixtures.PathOf(fixture))
            .Replace("{method}", method, StringComparison.Ordinal)
            .Replace("{origin}", origin, StringComparison.Ordinal)
            .Replace("{cookies}", $"theme=dark; {access}; {csrf}", StringComparison.Ordinal)
            .Replace("{access_cookie}", access, StringComparison.Ordinal)
            .Replace("{csrf_cookie}", csrf, StringComparison.Ordinal)
            .Replace("{csrf}", csrfHeader, StringComparison.Ordinal);
    }

    public static byte[] Bytes(string fixture, string method, string origin, string? accessCookie, string? csrfCookie, string csrfHeader) =>
        Encoding.UTF8.GetBytes(Text(fixture, method, origin, accessCookie, csrfCookie, csrfHeader));
}
