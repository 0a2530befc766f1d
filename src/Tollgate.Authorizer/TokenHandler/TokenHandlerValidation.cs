using Tollgate.Authorizer.Configuration;
using static Tollgate.Authorizer.Configuration.ValidationError.Codes;

namespace Tollgate.Authorizer.TokenHandler;

/// <summary>Every problem with <see cref="AuthorizerOptions.TokenHandler"/>, each naming its setting; never echoing the key.</summary>
internal static class TokenHandlerValidation
{
    /// <summary>The token-handler settings on their own, their paths under <paramref name="path"/> (<c>TokenHandler.EncryptionKey</c>).</summary>
    public static List<ValidationError> Validate(TokenHandlerOptions th, string path)
    {
        var errors = new List<ValidationError>();
        void Add(string setting, string code, string message) => errors.Add(new($"{path}.{setting}", code, message));

        if (th.TrustedWebOrigins.Count == 0)
            Add("TrustedWebOrigins", Required, "list at least one origin allowed to send cookies, e.g. https://app.example.com");
        foreach (var origin in th.TrustedWebOrigins) CheckOrigin(origin, $"{path}.TrustedWebOrigins", errors);

        if (string.IsNullOrEmpty(th.CookieNamePrefix))
            Add("CookieNamePrefix", Required, "required, the OAuth Agent's cookie name prefix (cookies <prefix>-at and <prefix>-csrf)");
        else if (th.CookieNamePrefix.Length > 64 || !th.CookieNamePrefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            Add("CookieNamePrefix", Invalid, $"'{th.CookieNamePrefix}' must be 1 to 64 letters, digits, '-' or '_'");

        if (!HexKey.TryParse(th.EncryptionKey, out _))
            Add("EncryptionKey", string.IsNullOrEmpty(th.EncryptionKey) ? Required : Invalid, $"{HexKey.Expectation}; got {th.EncryptionKey?.Length ?? 0} characters");

        if (th.CorsMaxAge < TimeSpan.Zero || th.CorsMaxAge > TimeSpan.FromDays(7))
            Add("CorsMaxAge", OutOfRange, "between 0 and 7 days");
        foreach (var header in th.CorsAllowedHeaders.Concat(th.CorsExposedHeaders))
            if (string.IsNullOrEmpty(header) || !header.All(IsTokenChar))
                Add("CorsAllowedHeaders / CorsExposedHeaders", Invalid, $"'{header}' is not a header name");
        return errors;
    }

    /// <summary>The settings, then what they need from the rest of the options (the phantom token's introspection and issuer).</summary>
    public static List<ValidationError> Validate(AuthorizerOptions options)
    {
        if (options.TokenHandler is not { } th) return [];
        var errors = Validate(th, "TokenHandler");
        if (th.UsePhantomToken && options.Introspection is null)
            errors.Add(new("TokenHandler.UsePhantomToken", Conflict, "needs Introspection (Url, ClientId, ClientSecret): the opaque token is exchanged there for a JWT"));
        if (th.UsePhantomToken && options.Issuers.Count == 0)
            errors.Add(new("TokenHandler.UsePhantomToken", Conflict, "needs an issuer (Issuers) whose keys verify the JWT the introspection endpoint returns"));
        return errors;
    }

    /// <summary>Origins are compared exactly, so each must be written as browsers serialize it.</summary>
    private static void CheckOrigin(string origin, string path, List<ValidationError> errors)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(uri.UserInfo) || uri.PathAndQuery != "/" || uri.Fragment.Length > 0)
        {
            errors.Add(new(path, Invalid, $"'{origin}' is not an origin; write scheme, host and optional port, e.g. https://app.example.com"));
            return;
        }
        var serialized = uri.GetLeftPart(UriPartial.Authority);
        if (!string.Equals(serialized, origin, StringComparison.Ordinal))
            errors.Add(new(path, Invalid, $"'{origin}' must be written as browsers send it, '{serialized}' (origins are compared exactly)"));
    }

    // RFC 9110 token characters.
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);
}
