using System.Buffers;
using Tollgate.Authorizer.Decisions;

namespace Tollgate.Authorizer.Credentials;

/// <summary>
/// Finds the access token: the configured header (default <c>Authorization</c>) as
/// <c>Bearer &lt;token&gt;</c> or <c>DPoP &lt;token&gt;</c> (RFC 9449 §7.1; schemes case-insensitive,
/// the scheme is recorded) or as a bare token (what a REST TOKEN authorizer receives), else the
/// configured query parameter. A token must be one RFC 6750
/// <c>b64token</c> no longer than the limit; anything else is <c>malformed_token</c>, nothing at
/// all is <c>missing_token</c>.
/// </summary>
public sealed class CredentialExtractor(string headerName = "Authorization", string? queryParameter = null, int maxTokenLength = 16 * 1024)
{
    private const string Bearer = "Bearer";
    private const string Dpop = "DPoP";

    public Credential Extract(AuthorizationRequest request)
    {
        if (HeaderLookup.Find(request.Headers, headerName) is { } header) return FromHeader(header);
        if (queryParameter is not null && request.Query.TryGetValue(queryParameter, out var query)) return Check(query.AsSpan().Trim(), query);
        return Credential.Refused(ReasonCodes.MissingToken, $"no {headerName} header");
    }

    private Credential FromHeader(string value)
    {
        var trimmed = value.AsSpan().Trim();
        if (trimmed.IsEmpty) return Credential.Refused(ReasonCodes.MissingToken, $"{headerName} header is empty");
        if (trimmed.Length > maxTokenLength + Bearer.Length + 1) return TooLong();

        var space = trimmed.IndexOfAny(' ', '\t');
        if (space < 0)
        {
            return trimmed.Equals(Bearer, StringComparison.OrdinalIgnoreCase) || trimmed.Equals(Dpop, StringComparison.OrdinalIgnoreCase)
                ? Credential.Refused(ReasonCodes.MalformedToken, $"{trimmed} scheme without a token")
                : Check(trimmed, value);
        }

        var scheme = trimmed[..space];
        var token = trimmed[(space + 1)..].TrimStart();
        if (scheme.Equals(Bearer, StringComparison.OrdinalIgnoreCase)) return Check(token, value);
        if (scheme.Equals(Dpop, StringComparison.OrdinalIgnoreCase)) return Check(token, value, CredentialScheme.DPoP);
        return Credential.Refused(ReasonCodes.MalformedToken, "authorization scheme is neither Bearer nor DPoP");
    }

    private Credential Check(ReadOnlySpan<char> token, string original, CredentialScheme scheme = CredentialScheme.Bearer)
    {
        if (token.IsEmpty) return Credential.Refused(ReasonCodes.MissingToken, "token is empty");
        if (token.Length > maxTokenLength) return TooLong();
        if (token.ContainsAnyExcept(B64Token.Chars)) return Credential.Refused(ReasonCodes.MalformedToken, "token holds characters a bearer token cannot");
        var equals = token.IndexOf('=');
        if (equals == 0 || (equals > 0 && token[equals..].ContainsAnyExcept('=')))
            return Credential.Refused(ReasonCodes.MalformedToken, "'=' only as trailing padding");
        return Credential.Of(token.Length == original.Length ? original : token.ToString(), scheme);
    }

    private Credential TooLong() => Credential.Refused(ReasonCodes.MalformedToken, $"token is longer than {maxTokenLength} characters");
}
