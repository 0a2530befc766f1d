using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Tollgate.EndToEnd.Tests.Infrastructure;

/// <summary>One answer from the gateway: status, JSON body (null when empty) and the challenge.</summary>
public sealed record GatewayAnswer(HttpStatusCode Status, JsonObject? Body, string? MediaType, string[] Challenges, string Raw)
{
    public string? Str(string name) => Body?[name]?.GetValue<string>();

    public override string ToString() => $"{(int)Status} {Raw}";
}

/// <summary>Requests as an API caller sends them through nginx: a bearer token and a JSON body.</summary>
public static class GatewayCalls
{
    /// <param name="headers">More request headers, as a caller might try to send them.</param>
    public static async Task<GatewayAnswer> CallAsync(this HttpClient gateway, HttpMethod method, string path, string? token, string? json = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await gateway.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        var body = raw.TrimStart().StartsWith('{') ? JsonNode.Parse(raw)!.AsObject() : null;
        var challenges = response.Headers.WwwAuthenticate.Select(h => h.ToString()).ToArray();
        return new GatewayAnswer(response.StatusCode, body, response.Content.Headers.ContentType?.MediaType, challenges, raw);
    }

    public static Task<GatewayAnswer> GetAsync(this HttpClient gateway, string path, string? token) => gateway.CallAsync(HttpMethod.Get, path, token);

    public static Task<GatewayAnswer> PostAsync(this HttpClient gateway, string path, string? token, string json) => gateway.CallAsync(HttpMethod.Post, path, token, json);
}
