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

    public static bool UsedBasic(HttpRequest request)
        => request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase);
}
