using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Dpop;
using Tollgate.Server.OAuth;

namespace Tollgate.Server.Decisions;

/// <summary>
/// Forward-auth decisions for gateways (nginx <c>auth_request</c>, Traefik <c>forwardAuth</c>, Envoy
/// HTTP <c>ext_authz</c>): the original method and URI arrive in headers, the caller's credentials
/// as they were sent (a <c>DPoP</c> proof too: the original URL for its <c>htu</c> is rebuilt by
/// <see cref="ForwardedUrl"/>). 200 with identity headers to pass upstream; 401 / 403 with an RFC 6750
/// challenge (RFC 9449 §7.1 <c>DPoP</c> challenge for DPoP refusals); 429 with <c>Retry-After</c> for a client past the API's rate limit. With the token handler configured, CORS preflights are answered here and every answer
/// carries the CORS headers for the caller's origin (<see cref="DecisionCors"/>). The header
/// contract is in docs/forward-auth.md.
/// </summary>
public static class DecisionEndpoint
{
    public const string AudienceHeader = "X-Tollgate-Audience";

    /// <summary>The catch-all route value holding the original path in Envoy's form of the request.</summary>
    public const string OriginalPathRouteValue = "original";

    /// <summary>The methods a gateway may ask about.</summary>
    public static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    /// <summary>Maps the decision endpoint at <paramref name="path"/> (headers name the original request) and under it (Envoy).</summary>
    public static void Map(IEndpointRouteBuilder app, string path)
    {
        app.MapMethods(path, Methods, HandleAsync).WithTags("Forward auth");
        app.MapMethods(path.TrimEnd('/') + "/{**" + OriginalPathRouteValue + "}", Methods, HandleAsync).WithTags("Forward auth")
            .WithSummary("Envoy ext_authz form: the original method, and the original path and query after the decision path.");
    }

    /// <summary>
    /// The original caller as the proxy in front says (<c>X-Real-IP</c>, else the last
    /// <c>X-Forwarded-For</c> hop, the one the proxy added), else this connection's peer. With
    /// <c>Tollgate:ForwardedHeaders</c> configured, only the peer: the middleware has already taken the address
    /// from a trusted proxy's header, and anyone else's header must not be believed.
    /// </summary>
    private static string? CallerAddress(HttpContext context)
    {
        if (context.RequestServices.GetService<Hosting.ForwardedHeadersSettings>() is { Enabled: true })
            return context.Connection.RemoteIpAddress?.ToString();
        var headers = context.Request.Headers;
        if (headers["X-Real-IP"].ToString() is { Length: > 0 } real) return real.Trim();
        if (headers["X-Forwarded-For"].ToString() is { Length: > 0 } forwarded) return forwarded[(forwarded.LastIndexOf(',') + 1)..].Trim();
        return context.Connection.RemoteIpAddress?.ToString();
    }

    public static async Task HandleAsync(HttpContext context, IDecisionAuthorizers authorizers)
    {
        var request = context.Request;
        // Envoy's ext_authz asks with the original method and path under the decision path (/decisions/contacts/7):
        // then the request itself is the original, and no header or query of the caller's may say otherwise.
        var original = context.GetRouteValue(OriginalPathRouteValue) as string;
        var method = original is not null ? request.Method
            : FirstOf(request.Headers["X-Original-Method"], request.Headers["X-Forwarded-Method"]) ?? "GET";
        var tokenHandler = authorizers.TokenHandler;
        if (tokenHandler is not null && DecisionCors.IsPreflight(request, method))
        {
            await DecisionCors.AnswerPreflightAsync(context, tokenHandler);
            return;
        }

        var audience = FirstOf(request.Headers[AudienceHeader], original is null ? request.Query["audience"] : default) ?? authorizers.DefaultAudience;
        var authorizer = audience is null ? null : authorizers.For(audience);
        if (authorizer is null)
        {
            // A gateway misconfiguration, not the caller's fault: fail closed, loudly.
            await WriteAsync(context, StatusCodes.Status500InternalServerError, "server_error",
                audience is null ? "The decision request names no API (X-Tollgate-Audience)." : "No API is registered with that audience.");
            return;
        }

        var uri = original is not null ? "/" + original + request.QueryString.Value
            : FirstOf(request.Headers["X-Original-URI"], request.Headers["X-Forwarded-Uri"]) ?? "/";
        var (path, query) = SplitUri(uri);
        var decision = await authorizer.DecideAsync(new AuthorizationRequest
        {
            Method = method.ToUpperInvariant(),
            Path = path,
            Headers = Headers(request),
            Query = query,
            RemoteAddress = CallerAddress(context),
            Url = ForwardedUrl.For(request, uri),
            ClientCertificate = authorizers.ClientCertificateHeader is { } certificateHeader && request.Headers[certificateHeader].ToString() is { Length: > 0 } pem ? pem : null,
        }, context.RequestAborted);

        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        if (tokenHandler is not null) DecisionCors.AddResponseHeaders(context, tokenHandler);
        switch (decision.Kind)
        {
            case DecisionKind.Allow:
                response.StatusCode = StatusCodes.Status200OK;
                response.Headers["X-Tollgate-Client-Id"] = decision.Principal;
                response.Headers["X-Tollgate-Scopes"] = string.Join(' ', decision.Scopes);
                if (decision.Claims.TryGetValue("jti", out var jti)) response.Headers["X-Tollgate-Jti"] = jti;
                if (decision.ForwardToken is { } forward) response.Headers["X-Tollgate-Authorization"] = "Bearer " + forward;
                return;
            case DecisionKind.Forbidden:
                if (decision.PolicyId is { } policy) response.Headers["X-Tollgate-Policy"] = policy;
                var scope = string.Join(' ', decision.RequiredScopes);
                response.Headers.WWWAuthenticate = $"Bearer realm=\"tollgate\", error=\"insufficient_scope\", error_description=\"{decision.Reason}\"" +
                                                   (scope.Length > 0 ? $", scope=\"{scope}\"" : "");
                await WriteAsync(context, StatusCodes.Status403Forbidden, "insufficient_scope", decision.Reason, scope);
                return;
            case DecisionKind.TooManyRequests:
                // Identity headers too: a proxy in front may log who was limited (nginx: the 429 is rebuilt there, see deploy/nginx).
                response.Headers["X-Tollgate-Client-Id"] = decision.Principal;
                response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString();
                await WriteAsync(context, StatusCodes.Status429TooManyRequests, ReasonCodes.RateLimited, decision.RetryAfterDescription!);
                return;
            default:
                response.Headers.WWWAuthenticate = DpopChallenge.Applies(decision.Reason) ? DpopChallenge.For(decision.Reason)
                    : decision.Reason == ReasonCodes.MissingToken
                    ? "Bearer realm=\"tollgate\""
                    : $"Bearer realm=\"tollgate\", error=\"invalid_token\", error_description=\"{decision.Reason}\"";
                await WriteAsync(context, StatusCodes.Status401Unauthorized, decision.Reason == ReasonCodes.InvalidDpopProof ? ReasonCodes.InvalidDpopProof : "invalid_token", decision.Reason);
                return;
        }
    }

    private static Task WriteAsync(HttpContext context, int status, string error, string description, string? scope = null)
    {
        context.Response.StatusCode = status;
        return OAuthResponses.WriteJsonAsync(context, json =>
        {
            json.WriteString("error", error);
            json.WriteString("error_description", description);
            if (!string.IsNullOrEmpty(scope)) json.WriteString("scope", scope);
        });
    }

    private static string? FirstOf(StringValues a, StringValues b)
        => !StringValues.IsNullOrEmpty(a) ? a.ToString() : !StringValues.IsNullOrEmpty(b) ? b.ToString() : null;

    private static (string Path, Dictionary<string, string> Query) SplitUri(string uri)
    {
        // Envoy and Traefik may send an absolute URI; nginx sends the request target.
        if (Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https") uri = absolute.PathAndQuery;
        var q = uri.IndexOf('?');
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        if (q < 0) return (uri, query);
        foreach (var pair in QueryString.FromUriComponent(uri[q..]).Value!.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            query.TryAdd(Uri.UnescapeDataString(parts[0].Replace('+', ' ')), parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : "");
        }
        return (uri[..q], query);
    }

    private static Dictionary<string, string> Headers(HttpRequest request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers) headers[name] = values.ToString();
        return headers;
    }
}
