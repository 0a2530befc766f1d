using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.Cli.Connection;

/// <summary>
/// Turns a refused request into a <see cref="CliFailure"/>: RFC 9457 problem details (title,
/// detail, each field's errors) or an RFC 6749 error, with the exit code of its status class.
/// </summary>
public static class Problems
{
    public static int ExitCodeFor(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.AuthFailed,
        HttpStatusCode.NotFound => ExitCodes.NotFound,
        HttpStatusCode.Conflict => ExitCodes.Conflict,
        HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.UnprocessableEntity => ExitCodes.Invalid,
        _ => ExitCodes.Failure,
    };

    public static CliFailure From(HttpMethod method, string path, HttpStatusCode status, string body)
    {
        var code = ExitCodeFor(status);
        var head = $"{method} {path}: {(int)status} {status}";
        JsonObject? json = null;
        try { json = JsonNode.Parse(body) as JsonObject; }
        catch (JsonException) { }
        if (json is null) return new CliFailure(code, head) { Status = status };

        var details = new List<string>();
        var title = Text(json, "title") ?? Text(json, "error");
        var detail = Text(json, "detail") ?? Text(json, "error_description");
        if (title is not null) head += $" — {title}";
        if (detail is not null) details.Add(detail);
        if (json["errors"] is JsonObject errors)
            foreach (var (field, messages) in errors.OrderBy(e => e.Key, StringComparer.Ordinal))
                foreach (var message in messages as JsonArray ?? [])
                    details.Add($"{field}: {message?.GetValue<string>()}");
        return new CliFailure(code, head, details) { Status = status };
    }

    private static string? Text(JsonObject json, string name) => json[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
