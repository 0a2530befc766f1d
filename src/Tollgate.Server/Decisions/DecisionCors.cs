using Microsoft.AspNetCore.Http;
using Tollgate.Authorizer.TokenHandler;
using Tollgate.Server.OAuth;

namespace Tollgate.Server.Decisions;

/// <summary>
/// CORS for browser apps behind forward-auth, so the trusted origins live in Tollgate alone. A
/// preflight (the original method <c>OPTIONS</c> with <c>Access-Control-Request-Method</c>) is
/// answered here — 204 with <see cref="TokenHandlerCors.Preflight"/> for a trusted origin, 403
/// <c>untrusted_origin</c> otherwise — and every decision carries <see cref="TokenHandlerCors.Response"/>
/// for the gateway to copy onto its answer (nginx: <c>auth_request_set</c> + <c>add_header</c>).
/// </summary>
public static class DecisionCors
{
    /// <summary>Whether the forwarded request is a CORS preflight (no credentials: never a decision).</summary>
    public static bool IsPreflight(HttpRequest request, string originalMethod)
        => TokenHandlerCors.IsPreflight(originalMethod, request.Headers.AccessControlRequestMethod.ToString());

    /// <summary>Answers a preflight: 204 with the CORS headers for a trusted origin, 403 naming the origin problem otherwise.</summary>
    public static Task AnswerPreflightAsync(HttpContext context, TokenHandlerOptions options)
    {
        var origin = context.Request.Headers.Origin.ToString();
        var headers = TokenHandlerCors.Preflight(options, origin);
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        Add(response, headers);
        if (headers.Any(h => h.Key == "Access-Control-Allow-Origin"))
        {
            response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }
        response.StatusCode = StatusCodes.Status403Forbidden;
        return OAuthResponses.WriteJsonAsync(context, json =>
        {
            json.WriteString("error", "untrusted_origin");
            json.WriteString("error_description", origin.Length == 0
                ? "The preflight has no Origin header."
                : "The Origin header is not one of the trusted web origins (exact match: scheme, host and port).");
        });
    }

    /// <summary>Adds the CORS headers of any other answer (allow or refusal) for the request's origin.</summary>
    public static void AddResponseHeaders(HttpContext context, TokenHandlerOptions options)
        => Add(context.Response, TokenHandlerCors.Response(options, context.Request.Headers.Origin.ToString()));

    private static void Add(HttpResponse response, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        foreach (var (name, value) in headers) response.Headers[name] = value;
    }
}
