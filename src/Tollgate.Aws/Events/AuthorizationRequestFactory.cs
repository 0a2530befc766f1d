using Tollgate.Authorizer.Decisions;

namespace Tollgate.Aws.Events;

/// <summary>
/// Turns an authorizer event into the engine's <see cref="AuthorizationRequest"/>. Method and path
/// come from the method/route ARN (the path of the API's own routes, without stage or custom-domain
/// base path: the same path the returned policy is matched against), falling back to the event's
/// own method and path fields.
/// </summary>
public static class AuthorizationRequestFactory
{
    public const string AuthorizationHeader = "Authorization";
    public const string CookieHeader = "Cookie";

    /// <summary>The input, or null when the event lacks what its kind requires (a parseable ARN).</summary>
    public static AuthorizerInput? TryCreate(ApiGatewayAuthorizerEvent e)
    {
        var kind = EventKinds.Detect(e);
        return kind switch
        {
            EventKind.RestToken => FromToken(e),
            EventKind.RestRequest => FromRestRequest(e),
            EventKind.HttpApiV2 => FromHttpApi(e),
            _ => null,
        };
    }

    private static AuthorizerInput? FromToken(ApiGatewayAuthorizerEvent e)
    {
        if (ExecuteApiArn.TryParse(e.MethodArn) is not { } arn)
        {
            return null;
        }
        var headers = NewHeaders();
        if (e.AuthorizationToken is { } token)
        {
            headers[AuthorizationHeader] = token;
        }
        return new AuthorizerInput(EventKind.RestToken, arn,
            new AuthorizationRequest { Method = arn.Method, Path = arn.Path, Headers = headers });
    }

    private static AuthorizerInput? FromRestRequest(ApiGatewayAuthorizerEvent e)
    {
        if (ExecuteApiArn.TryParse(e.MethodArn) is not { } arn)
        {
            return null;
        }
        var headers = Merge(e.Headers, e.MultiValueHeaders, NewHeaders());
        JoinCookieHeaders(e.MultiValueHeaders, headers);
        JoinDpopHeaders(e.MultiValueHeaders, headers);
        var query = Merge(e.QueryStringParameters, e.MultiValueQueryStringParameters, new Dictionary<string, string>(StringComparer.Ordinal));
        var method = e.HttpMethod ?? e.RequestContext?.HttpMethod ?? arn.Method;
        return new AuthorizerInput(EventKind.RestRequest, arn,
            new AuthorizationRequest
            {
                Method = method.ToUpperInvariant(), Path = arn.Path, Headers = headers, Query = query, RemoteAddress = e.RequestContext?.IdentitySourceIp,
                Url = DpopUrl(headers, e.RequestContext?.DomainName, e.RequestContext?.Path ?? e.Path),
                ClientCertificate = e.RequestContext?.ClientCertPem,
            });
    }

    private static AuthorizerInput? FromHttpApi(ApiGatewayAuthorizerEvent e)
    {
        if (ExecuteApiArn.TryParse(e.RouteArn) is not { } arn)
        {
            return null;
        }
        var headers = Merge(e.Headers, null, NewHeaders());
        // Format 2.0 moves cookies out of the headers into their own array.
        var cookies = e.Cookies?.Where(c => !string.IsNullOrEmpty(c)).ToList();
        if (cookies is { Count: > 0 } && !headers.ContainsKey(CookieHeader))
        {
            headers[CookieHeader] = string.Join("; ", cookies);
        }
        var query = Merge(e.QueryStringParameters, null, new Dictionary<string, string>(StringComparer.Ordinal));
        var method = e.RequestContext?.Http?.Method ?? arn.Method;
        return new AuthorizerInput(EventKind.HttpApiV2, arn,
            new AuthorizationRequest
            {
                Method = method.ToUpperInvariant(), Path = arn.Path, Headers = headers, Query = query, RemoteAddress = e.RequestContext?.Http?.SourceIp,
                Url = DpopUrl(headers, e.RequestContext?.DomainName, e.RawPath ?? e.RequestContext?.Http?.Path),
                ClientCertificate = e.RequestContext?.ClientCertPem,
            });
    }

    /// <summary>
    /// Several <c>Cookie</c> headers (HTTP/2 may split one) are one cookie list: joined with "; "
    /// (a ", " join would glue two cookies into one value), and all of them rather than the last.
    /// </summary>
    private static void JoinCookieHeaders(Dictionary<string, List<string?>?>? multi, Dictionary<string, string> headers)
    {
        foreach (var (name, values) in multi ?? [])
        {
            if (name.Equals(CookieHeader, StringComparison.OrdinalIgnoreCase) && values?.Where(v => !string.IsNullOrEmpty(v)).ToList() is { Count: > 1 } all)
            {
                headers[CookieHeader] = string.Join("; ", all);
            }
        }
    }

    /// <summary>
    /// The URL the client called, for a DPoP proof's <c>htu</c> (only when a <c>DPoP</c> header came: bearer
    /// requests never pay for it): <c>https://</c> (API Gateway serves only HTTPS) + <c>requestContext.domainName</c>
    /// (else the <c>Host</c> header) + the path as called — REST <c>requestContext.path</c>, HTTP API <c>rawPath</c>.
    /// </summary>
    private static string? DpopUrl(Dictionary<string, string> headers, string? domainName, string? path)
    {
        if (!headers.ContainsKey(Authorizer.Dpop.DpopBinding.HeaderName)) return null;
        var host = !string.IsNullOrEmpty(domainName) ? domainName : headers.GetValueOrDefault("Host");
        return string.IsNullOrEmpty(host) || string.IsNullOrEmpty(path) || path[0] != '/' ? null : $"https://{host}{path}";
    }

    /// <summary>
    /// Every <c>DPoP</c> header, comma-joined, so the engine sees that there were several (the single-value map
    /// keeps only the last): RFC 9449 allows exactly one.
    /// </summary>
    private static void JoinDpopHeaders(Dictionary<string, List<string?>?>? multi, Dictionary<string, string> headers)
    {
        foreach (var (name, values) in multi ?? [])
        {
            if (name.Equals(Authorizer.Dpop.DpopBinding.HeaderName, StringComparison.OrdinalIgnoreCase) && values is { Count: > 1 })
            {
                headers[Authorizer.Dpop.DpopBinding.HeaderName] = string.Join(", ", values);
            }
        }
    }

    private static Dictionary<string, string> NewHeaders() => new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Single values first; a name only in the multi-value map gets its values joined with ", ".</summary>
    private static Dictionary<string, string> Merge(
        Dictionary<string, string?>? single, Dictionary<string, List<string?>?>? multi, Dictionary<string, string> target)
    {
        foreach (var (name, value) in single ?? [])
        {
            if (value is not null)
            {
                target[name] = value;
            }
        }
        foreach (var (name, values) in multi ?? [])
        {
            if (!target.ContainsKey(name) && values?.Where(v => v is not null).ToList() is { Count: > 0 } present)
            {
                target[name] = string.Join(", ", present);
            }
        }
        return target;
    }
}
