using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.OAuth;

namespace Tollgate.Server.OAuth;

/// <summary>Writes OAuth JSON answers straight to the response, with the caching headers RFC 6749 requires.</summary>
public static class OAuthResponses
{
    private const string ErrorItem = "tollgate.oauth_error";

    public static Task WriteErrorAsync(HttpContext context, OAuthError error, bool basicAttempted)
    {
        context.Items[ErrorItem] = error.Error;
        var response = context.Response;
        response.StatusCode = error.Status;
        if (error.Status == StatusCodes.Status401Unauthorized && basicAttempted)
            response.Headers.WWWAuthenticate = "Basic realm=\"tollgate\", charset=\"UTF-8\"";
        if (error.RetryAfterSeconds is { } retryAfter) response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        WriteAllowance(response, error.Allowance);
        return WriteJsonAsync(context, json =>
        {
            json.WriteString("error", error.Error);
            json.WriteString("error_description", error.Description);
        });
    }

    public static async Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        var response = context.Response;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        await using var json = new Utf8JsonWriter(response.BodyWriter);
        json.WriteStartObject();
        write(json);
        json.WriteEndObject();
        await json.FlushAsync();
    }

    /// <summary>The <c>error</c> code this request was answered with, if an OAuth error was written (the error-counter label).</summary>
    public static string? WrittenError(HttpContext context) => context.Items.TryGetValue(ErrorItem, out var error) ? error as string : null;

    /// <summary>
    /// A client's token quota as the IETF draft's headers (draft-ietf-httpapi-ratelimit-headers-07): the tightest
    /// window's <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c> and <c>RateLimit-Reset</c> (seconds), and every window in <c>RateLimit-Policy</c>.
    /// </summary>
    public static void WriteAllowance(HttpResponse response, Core.Quotas.QuotaAllowance? allowance)
    {
        if (allowance is null) return;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        response.Headers["RateLimit-Limit"] = allowance.Limit.ToString(invariant);
        response.Headers["RateLimit-Remaining"] = allowance.Remaining.ToString(invariant);
        response.Headers["RateLimit-Reset"] = allowance.ResetSeconds.ToString(invariant);
        response.Headers["RateLimit-Policy"] = allowance.Policy;
    }

    public static bool UsedBasic(HttpRequest request)
        => request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase);
}
