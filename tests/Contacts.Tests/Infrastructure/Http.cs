using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Contacts.Tests.Infrastructure;

/// <summary>Small helpers for requests with gateway headers and JSON answers.</summary>
public static class Http
{
    public static HttpRequestMessage Request(HttpMethod method, string path, string? json = null, string? clientId = null, string? scopes = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        if (clientId is not null) request.Headers.Add("X-Client-Id", clientId);
        if (scopes is not null) request.Headers.Add("X-Scopes", scopes);
        return request;
    }

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response)
        => JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static string? Str(this JsonObject o, string name) => o[name]?.GetValue<string>();

    /// <summary>The messages a ValidationProblem lists for <paramref name="field"/>, or none.</summary>
    public static string[] Errors(this JsonObject problem, string field)
        => problem["errors"]?[field]?.AsArray().Select(e => e!.GetValue<string>()).ToArray() ?? [];

    public static JsonContent Body(object value) => JsonContent.Create(value);
}
