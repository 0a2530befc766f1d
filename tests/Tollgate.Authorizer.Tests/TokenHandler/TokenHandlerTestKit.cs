using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Routing;
using Tollgate.Authorizer.TokenHandler;

namespace Tollgate.Authorizer.Tests.TokenHandler;

/// <summary>Requests as a browser app sends them through the token handler, and the options behind them.</summary>
internal static class TokenHandlerTestKit
{
    public const string Key = "7b99279ab87533d3c238db874a842a91ee26a76027f3c03c317504963d2c9926";
    public const string Origin = "https://app.example.com";
    public const string Prefix = "th";
    public const string Csrf = "6e1e3bd1-2f5b-4b43-9a57-1f1b7c5a9d10";

    public const string Rules = """
        rules:
          - route: GET /contacts
            any: [read:contacts, write:contacts]
          - route: POST /contacts
            all: [write:contacts]
          - route: DELETE /contacts/{id}
            all: [write:contacts]
        """;

    public static RouteRuleSet RuleSet => RouteRulesFile.ParseYaml(Rules);

    public static TokenHandlerOptions Options(bool phantom = false, bool allowBearer = false) => new()
    {
        TrustedWebOrigins = [Origin, "http://localhost:3000"],
        CookieNamePrefix = Prefix,
        EncryptionKey = Key,
        UsePhantomToken = phantom,
        AllowBearer = allowBearer,
    };

    public static string Encrypt(string value) => CookieEncryption.Encrypt(value, Key);

    /// <summary>A request with the access-token cookie (and the CSRF cookie and header unless told otherwise).</summary>
    public static AuthorizationRequest Request(string method, string path, string? token, string? origin = Origin,
        string? csrfHeader = Csrf, string? csrfCookie = Csrf, string? extraCookies = "theme=dark", string? authorization = null,
        string? rawAccessCookie = null)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var cookies = new List<string>();
        if (extraCookies is not null) cookies.Add(extraCookies);
        if (rawAccessCookie is not null) cookies.Add($"{Prefix}-at={rawAccessCookie}");
        else if (token is not null) cookies.Add($"{Prefix}-at={Encrypt(token)}");
        if (csrfCookie is not null) cookies.Add($"{Prefix}-csrf={Encrypt(csrfCookie)}");
        if (cookies.Count > 0) headers["Cookie"] = string.Join("; ", cookies);
        if (origin is not null) headers["Origin"] = origin;
        if (csrfHeader is not null) headers[$"x-{Prefix}-csrf"] = csrfHeader;
        if (authorization is not null) headers["Authorization"] = authorization;
        return new AuthorizationRequest { Method = method, Path = path, Headers = headers };
    }
}
