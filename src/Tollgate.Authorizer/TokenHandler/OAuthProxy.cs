using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Tollgate.Authorizer.Credentials;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.TokenHandler;

/// <summary>
/// The OAuth Proxy of the token-handler pattern, as the engine's ExtractCredential step:
/// <c>AllowBearer</c> pass-through → <c>CheckOrigin</c> → <c>FindAccessTokenCookie</c> →
/// <c>CheckCsrf</c> (all but GET, HEAD, OPTIONS) → <c>DecryptAccessToken</c>. Every refusal is a
/// 401 (as Curity's OAuth proxies answer, and so API Gateway never caches it) with one reason
/// code per kind — <c>untrusted_origin</c>, <c>missing_token</c>, <c>csrf_failed</c>,
/// <c>invalid_cookie</c> — and a detail for the log that never holds a cookie value.
/// </summary>
public sealed class OAuthProxy
{
    private readonly TokenHandlerOptions _options;
    private readonly TrustedOrigins _origins;
    private readonly CookieCipher _cipher;
    private readonly int _maxTokenLength;
    private readonly int _maxCookieLength;
    private readonly CredentialExtractor _bearerExtractor;
    private readonly ITokenValidator _bearerValidator;
    private readonly ITokenValidator _cookieValidator;
    private readonly string _tokenHeader;

    /// <param name="bearerExtractor">The normal bearer rules, for <see cref="TokenHandlerOptions.AllowBearer"/>.</param>
    /// <param name="cookieValidator">Proves the decrypted token and sets what to forward (the token itself, or the phantom JWT).</param>
    internal OAuthProxy(TokenHandlerOptions options, CookieCipher cipher, int maxTokenLength, string tokenHeader,
        CredentialExtractor bearerExtractor, ITokenValidator bearerValidator, ITokenValidator cookieValidator)
    {
        _options = options;
        _origins = new TrustedOrigins(options.TrustedWebOrigins);
        _cipher = cipher;
        _maxTokenLength = maxTokenLength;
        _maxCookieLength = Base64Url.GetEncodedLength(CookieCipher.Overhead + maxTokenLength);
        _tokenHeader = tokenHeader;
        _bearerExtractor = bearerExtractor;
        _bearerValidator = bearerValidator;
        _cookieValidator = cookieValidator;
    }

    public TokenHandlerOptions Options => _options;

    public CredentialSource Extract(AuthorizationRequest request)
    {
        var headers = request.Headers;
        if (_options.AllowBearer && HeaderLookup.Find(headers, _tokenHeader) is { Length: > 0 })
            return new CredentialSource(_bearerExtractor.Extract(request), _bearerValidator);

        var origin = HeaderLookup.Find(headers, "Origin");
        if (_origins.Match(origin) is null)
            return Refuse(ReasonCodes.UntrustedOrigin, origin is null ? "no Origin header" : $"Origin '{Shorten(origin)}' is not trusted");

        var cookies = HeaderLookup.Find(headers, "Cookie");
        var accessToken = CookieHeader.Find(cookies, _options.AccessTokenCookieName);
        if (accessToken.Status == CookieStatus.Absent)
            return Refuse(ReasonCodes.MissingToken, $"no {_options.AccessTokenCookieName} cookie");
        if (accessToken.Status == CookieStatus.Duplicate)
            return Refuse(ReasonCodes.InvalidCookie, $"{_options.AccessTokenCookieName} cookie sent twice");

        if (!IsSafe(request.Method) && CheckCsrf(headers, cookies) is { } csrfFailure) return csrfFailure;

        if (!_cipher.TryDecrypt(accessToken.Value, _maxCookieLength, out var token, out var failure))
            return Refuse(ReasonCodes.InvalidCookie, $"{_options.AccessTokenCookieName} cookie: {failure}");
        if (token.Length == 0 || token.Length > _maxTokenLength || token.AsSpan().ContainsAnyExcept(B64Token.Chars))
            return Refuse(ReasonCodes.InvalidCookie, $"{_options.AccessTokenCookieName} cookie does not hold a bearer token");
        return new CredentialSource(Credential.Of(token), _cookieValidator);
    }

    /// <summary>Double-submit: the <c>x-&lt;prefix&gt;-csrf</c> header must equal the decrypted <c>&lt;prefix&gt;-csrf</c> cookie.</summary>
    private CredentialSource? CheckCsrf(IReadOnlyDictionary<string, string> headers, string? cookies)
    {
        var cookie = CookieHeader.Find(cookies, _options.CsrfCookieName);
        if (cookie.Status != CookieStatus.Found)
            return Refuse(ReasonCodes.CsrfFailed, cookie.Status == CookieStatus.Absent ? $"no {_options.CsrfCookieName} cookie" : $"{_options.CsrfCookieName} cookie sent twice");
        if (HeaderLookup.Find(headers, _options.CsrfHeaderName)?.Trim() is not { Length: > 0 } header)
            return Refuse(ReasonCodes.CsrfFailed, $"no {_options.CsrfHeaderName} header");
        if (!_cipher.TryDecrypt(cookie.Value, _maxCookieLength, out var expected, out var failure))
            return Refuse(ReasonCodes.InvalidCookie, $"{_options.CsrfCookieName} cookie: {failure}");
        if (expected.Length == 0 || !CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(header.AsSpan()), MemoryMarshal.AsBytes(expected.AsSpan())))
            return Refuse(ReasonCodes.CsrfFailed, $"{_options.CsrfHeaderName} header does not match the {_options.CsrfCookieName} cookie");
        return null;
    }

    /// <summary>
    /// GET, HEAD and OPTIONS need no CSRF header; every other method does (POST, PUT, PATCH,
    /// DELETE, and anything unusual: failing closed).
    /// </summary>
    public static bool IsSafe(string method) =>
        method.Equals("GET", StringComparison.OrdinalIgnoreCase) || method.Equals("HEAD", StringComparison.OrdinalIgnoreCase)
        || method.Equals("OPTIONS", StringComparison.OrdinalIgnoreCase);

    private CredentialSource Refuse(string reason, string detail) => new(Credential.Refused(reason, detail), _cookieValidator);

    private static string Shorten(string value) => value.Length <= 100 ? value : value[..100] + "…";
}
