using System.Text;

namespace Tollgate.Authorizer.TokenHandler;

/// <summary>
/// The OAuth Proxy of the token-handler pattern: browser apps send encrypted cookies, not tokens.
/// Names and meaning follow the OAuth Agent that writes the cookies (<c>&lt;prefix&gt;-at</c>,
/// <c>&lt;prefix&gt;-csrf</c>, header <c>x-&lt;prefix&gt;-csrf</c>). See docs/token-handler.md.
/// Settable, not init-only: <c>serve</c> binds it from <c>Tollgate:Decisions:TokenHandler</c> with the configuration
/// binding source generator (Native AOT), which sets only settable properties.
/// </summary>
public sealed record TokenHandlerOptions
{
    public static readonly TimeSpan DefaultCorsMaxAge = TimeSpan.FromDays(1);

    /// <summary>
    /// Every problem with these settings on their own, each path under <paramref name="path"/>
    /// (<c>TokenHandler.EncryptionKey</c>; a server passes <c>Tollgate:Decisions:TokenHandler</c>). What they need from
    /// the rest of the authorizer (the phantom token's introspection and issuer) is checked by <see cref="Configuration.AuthorizerOptions.Check"/>.
    /// </summary>
    public IReadOnlyList<Configuration.ValidationError> Validate(string path = "TokenHandler") => TokenHandlerValidation.Validate(this, path);

    /// <summary>Origins allowed to send cookies, exactly as browsers send <c>Origin</c> (<c>https://app.example.com</c>).</summary>
    public IReadOnlyList<string> TrustedWebOrigins { get; set; } = [];
    /// <summary>The OAuth Agent's cookie name prefix.</summary>
    public string CookieNamePrefix { get; set; } = "";
    /// <summary>The AES-256 key shared with the OAuth Agent: 64 hexadecimal characters. Never logged.</summary>
    public string EncryptionKey { get; set; } = "";
    /// <summary>
    /// The cookie holds an opaque token: exchange it at <c>Introspection.Url</c> with
    /// <c>Accept: application/jwt</c> and forward the JWT that comes back (phantom-token pattern).
    /// </summary>
    public bool UsePhantomToken { get; set; }
    /// <summary>Also accept <c>Authorization: Bearer</c> (non-browser callers), by the normal bearer rules. Off by default.</summary>
    public bool AllowBearer { get; set; }

    /// <summary>How long browsers may cache a preflight answer (<c>Access-Control-Max-Age</c>).</summary>
    public TimeSpan CorsMaxAge { get; set; } = DefaultCorsMaxAge;
    /// <summary>Request headers allowed besides <c>Content-Type</c> and the CSRF header.</summary>
    public IReadOnlyList<string> CorsAllowedHeaders { get; set; } = [];
    /// <summary>Response headers scripts may read (<c>Access-Control-Expose-Headers</c>).</summary>
    public IReadOnlyList<string> CorsExposedHeaders { get; set; } = [];

    public string AccessTokenCookieName => CookieNamePrefix + "-at";
    public string CsrfCookieName => CookieNamePrefix + "-csrf";
    public string CsrfHeaderName => "x-" + CookieNamePrefix + "-csrf";

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"TrustedWebOrigins = [{string.Join(", ", TrustedWebOrigins)}], CookieNamePrefix = {CookieNamePrefix}, ");
        builder.Append($"EncryptionKey = ***, UsePhantomToken = {UsePhantomToken}, AllowBearer = {AllowBearer}, CorsMaxAge = {CorsMaxAge}");
        return true;
    }
}
