using Tollgate.Authorizer.Configuration;

namespace Tollgate.Authorizer.TokenHandler;

/// <summary>Every problem with <see cref="AuthorizerOptions.TokenHandler"/>, each naming its setting; never echoing the key.</summary>
internal static class TokenHandlerValidation
{
    public static IReadOnlyList<string> Validate(AuthorizerOptions options)
    {
        if (options.TokenHandler is not { } th) return [];
        var errors = new List<string>();
        if (th.TrustedWebOrigins.Count == 0)
            errors.Add("TokenHandler.TrustedWebOrigins: list at least one origin allowed to send cookies, e.g. https://app.example.com");
        foreach (var origin in th.TrustedWebOrigins) CheckOrigin(origin, errors);

        if (string.IsNullOrEmpty(th.CookieNamePrefix))
            errors.Add("TokenHandler.CookieNamePrefix: required, the OAuth Agent's cookie name prefix (cookies <prefix>-at and <prefix>-csrf)");
        else if (th.CookieNamePrefix.Length > 64 || !th.CookieNamePrefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            errors.Add($"TokenHandler.CookieNamePrefix: '{th.CookieNamePrefix}' must be 1 to 64 letters, digits, '-' or '_'");

        if (!HexKey.TryParse(th.EncryptionKey, out _))
            errors.Add($"TokenHandler.EncryptionKey: {HexKey.Expectation}; got {th.EncryptionKey?.Length ?? 0} characters");

        if (th.UsePhantomToken && options.Introspection is null)
            errors.Add("TokenHandler.UsePhantomToken: needs Introspection (Url, ClientId, ClientSecret): the opaque token is exchanged there for a JWT");
        if (th.UsePhantomToken && options.Issuers.Count == 0)
            errors.Add("TokenHandler.UsePhantomToken: needs an issuer (Issuers) whose keys verify the JWT the introspection endpoint returns");

        if (th.CorsMaxAge < TimeSpan.Zero || th.CorsMaxAge > TimeSpan.FromDays(7))
            errors.Add("TokenHandler.CorsMaxAge: between 0 and 7 days");
        foreach (var header in th.CorsAllowedHeaders.Concat(th.CorsExposedHeaders))
            if (string.IsNullOrEmpty(header) || !header.All(IsTokenChar))
                errors.Add($"TokenHandler.CorsAllowedHeaders / CorsExposedHeaders: '{header}' is not a header name");
        return errors;
    }

    /// <summary>Origins are compared exactly, so each must be written as browsers serialize it.</summary>
    private static void CheckOrigin(string origin, List<string> errors)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(uri.UserInfo) || uri.PathAndQuery != "/" || uri.Fragment.Length > 0)
        {
            errors.Add($"TokenHandler.TrustedWebOrigins: '{origin}' is not an origin; write scheme, host and optional port, e.g. https://app.example.com");
            return;
        }
        var serialized = uri.GetLeftPart(UriPartial.Authority);
        if (!string.Equals(serialized, origin, StringComparison.Ordinal))
            errors.Add($"TokenHandler.TrustedWebOrigins: '{origin}' must be written as browsers send it, '{serialized}' (origins are compared exactly)");
    }

    // RFC 9110 token characters.
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);
}
