using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.OAuth;

namespace Tollgate.Server.Policies;

/// <summary>
/// A warden question, read strictly from a JSON body: <c>{token?|subject?, scopes?, action, resource, context?}</c>
/// plus the caller's own client credentials when it sends them in the body (<c>client_id</c>, <c>client_secret</c>…).
/// </summary>
internal sealed record WardenRequest(string? Token, string? Subject, IReadOnlyList<string> Scopes, string Action, string Resource,
    IReadOnlyDictionary<string, JsonElement> Context, Dictionary<string, string> Credentials)
{
    private const int MaxBytes = 64 * 1024;
    private static readonly HashSet<string> CredentialFields = ["client_id", "client_secret", "client_assertion", "client_assertion_type"];

    /// <summary>The request, or the error naming what is wrong (400 invalid_request).</summary>
    public static async Task<(WardenRequest? Request, OAuthError? Error)> ReadAsync(HttpRequest request, bool withToken)
    {
        if (request.ContentType?.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase) != true)
            return (null, OAuthError.InvalidRequest("Content-Type must be application/json."));
        if (request.ContentLength > MaxBytes) return (null, OAuthError.InvalidRequest($"The request body is larger than {MaxBytes} bytes."));
        using var body = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException or OperationCanceledException)
        {
            return (null, OAuthError.InvalidRequest("The request body ended before its announced length."));
        }
        if (body.Length > MaxBytes) return (null, OAuthError.InvalidRequest($"The request body is larger than {MaxBytes} bytes."));

        JsonDocument document;
        try { document = JsonDocument.Parse(body.ToArray()); }
        catch (JsonException) { return (null, OAuthError.InvalidRequest("The body is not valid JSON.")); }
        using (document) return Read(document.RootElement, withToken);
    }

    private static (WardenRequest?, OAuthError?) Read(JsonElement root, bool withToken)
    {
        if (root.ValueKind != JsonValueKind.Object) return (null, OAuthError.InvalidRequest("The body must be a JSON object."));
        string? token = null, subject = null, action = null, resource = null;
        var scopes = new List<string>();
        var context = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var credentials = new Dictionary<string, string>(StringComparer.Ordinal);
        var known = withToken ? "token, scopes, action, resource, context" : "subject, action, resource, context";
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "token" when withToken: token = String(value); if (token is null) return Bad("token must be a non-empty string."); break;
                case "subject" when !withToken: subject = String(value); if (subject is null) return Bad("subject must be a non-empty string."); break;
                case "action": action = String(value); if (action is null) return Bad("action must be a non-empty string."); break;
                case "resource": resource = String(value); if (resource is null) return Bad("resource must be a non-empty string."); break;
                case "scopes" when withToken:
                    if (value.ValueKind != JsonValueKind.Array) return Bad("scopes must be a list of strings.");
                    foreach (var scope in value.EnumerateArray())
                    {
                        if (String(scope) is not { } s) return Bad("scopes must be a list of non-empty strings.");
                        scopes.Add(s);
                    }
                    break;
                case "context":
                    if (value.ValueKind == JsonValueKind.Null) break;
                    if (value.ValueKind != JsonValueKind.Object) return Bad("context must be a JSON object.");
                    foreach (var entry in value.EnumerateObject()) context[entry.Name] = entry.Value.Clone();
                    break;
                case var name when CredentialFields.Contains(name):
                    if (String(value) is not { } credential) return Bad($"{name} must be a non-empty string.");
                    credentials[name] = credential;
                    break;
                default:
                    return Bad($"'{property.Name}' is not a known field; expected {known} (and the caller's client credentials).");
            }
        }
        if (withToken && token is null) return Bad("token is required.");
        if (!withToken && subject is null) return Bad("subject is required.");
        if (action is null) return Bad("action is required.");
        if (resource is null) return Bad("resource is required.");
        return (new WardenRequest(token, subject, scopes, action, resource, context, credentials), null);
    }

    private static string? String(JsonElement value) => value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 4096 } s ? s : null;

    private static (WardenRequest?, OAuthError?) Bad(string description) => (null, OAuthError.InvalidRequest(description));
}
