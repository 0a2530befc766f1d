using System.Globalization;

namespace Tollgate.Authorizer.TokenHandler;

/// <summary>
/// CORS answers for browser apps that send cookies, as pure functions of the options and the
/// request's <c>Origin</c>: a host (forward-auth, ASP.NET Core) adds the headers to its response.
/// Only a trusted origin (exact match) is echoed; credentials are allowed, so never <c>*</c>.
/// <c>Vary: Origin</c> is always sent, so caches never serve one origin's answer to another.
/// </summary>
public static class TokenHandlerCors
{
    public const string AllowedMethods = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

    /// <summary>The answer to a preflight <c>OPTIONS</c>; only <c>Vary</c> when the origin is not trusted (the browser then refuses).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Preflight(TokenHandlerOptions options, string? origin)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (new TrustedOrigins(options.TrustedWebOrigins).Match(origin) is not { } trusted) return [Vary];
        var allowedHeaders = string.Join(", ", new[] { "Content-Type", options.CsrfHeaderName }.Concat(options.CorsAllowedHeaders).Distinct(StringComparer.OrdinalIgnoreCase));
        return
        [
            new("Access-Control-Allow-Origin", trusted),
            new("Access-Control-Allow-Credentials", "true"),
            new("Access-Control-Allow-Methods", AllowedMethods),
            new("Access-Control-Allow-Headers", allowedHeaders),
            new("Access-Control-Max-Age", ((long)options.CorsMaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
            Vary,
        ];
    }

    /// <summary>The headers for any other response (allowed or refused) to a request from <paramref name="origin"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Response(TokenHandlerOptions options, string? origin)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (new TrustedOrigins(options.TrustedWebOrigins).Match(origin) is not { } trusted) return [Vary];
        var headers = new List<KeyValuePair<string, string>>(4)
        {
            new("Access-Control-Allow-Origin", trusted),
            new("Access-Control-Allow-Credentials", "true"),
        };
        if (options.CorsExposedHeaders.Count > 0) headers.Add(new("Access-Control-Expose-Headers", string.Join(", ", options.CorsExposedHeaders)));
        headers.Add(Vary);
        return headers;
    }

    /// <summary>A preflight: <c>OPTIONS</c> with <c>Access-Control-Request-Method</c> (plain OPTIONS calls are ordinary requests).</summary>
    public static bool IsPreflight(string method, string? accessControlRequestMethod) =>
        method.Equals("OPTIONS", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(accessControlRequestMethod);

    private static readonly KeyValuePair<string, string> Vary = new("Vary", "Origin");
}
