using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.Cli.Connection;

/// <summary>
/// The CLI's HTTP side: gets its admin token by client credentials (cached, <see cref="TokenCache"/>),
/// sends admin requests with it, and answers a parsed body or a <see cref="CliFailure"/>.
/// A cached token the server no longer takes (a restarted server, rotated keys) is dropped and
/// replaced once.
/// </summary>
public sealed class ServerClient(Credentials credentials, TokenCache cache, HttpClient http)
{
    // This run's copy of the token, so that apply's thousands of requests read the cache file once.
    private volatile string? _token;

    public Credentials Credentials => credentials;

    public static ServerClient Create(Credentials credentials, CliContext cli)
        => new(credentials, new TokenCache(cli.ConfigDirectory, TimeProvider.System), new HttpClient { Timeout = TimeSpan.FromSeconds(30) });

    /// <summary>A token by client credentials for <paramref name="form"/>'s audience/scope: the whole token response.</summary>
    public async Task<(JsonObject? Token, CliFailure? Failure)> RequestTokenAsync(IEnumerable<KeyValuePair<string, string>> form, CancellationToken cancellation)
    {
        var fields = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        fields.AddRange(form);
        var (body, failure) = await SendAsync(HttpMethod.Post, "/oauth2/token", new FormUrlEncodedContent(fields), Basic(), cancellation);
        return (body as JsonObject, failure);
    }

    /// <summary>An RFC 7662/7009 call (introspect, revoke) authenticated as the client itself.</summary>
    public async Task<(JsonNode? Body, CliFailure? Failure)> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> form, CancellationToken cancellation)
        => await SendAsync(HttpMethod.Post, path, new FormUrlEncodedContent(form), Basic(), cancellation);

    public async Task<(JsonNode? Body, CliFailure? Failure)> AdminAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellation)
    {
        var (token, failure) = await AdminTokenAsync(fresh: false, cancellation);
        if (failure is not null) return (null, failure);
        var result = await SendAsync(method, path, Json(body), new AuthenticationHeaderValue("Bearer", token), cancellation);
        if (result.Failure?.Status != HttpStatusCode.Unauthorized) return result;
        // 401 with a cached token: it may be from before a restart. One fresh try, then the answer stands.
        _token = null;
        cache.Forget(credentials);
        (token, failure) = await AdminTokenAsync(fresh: true, cancellation);
        if (failure is not null) return (null, failure);
        return await SendAsync(method, path, Json(body), new AuthenticationHeaderValue("Bearer", token), cancellation);
    }

    /// <summary>Every item of a paged admin list, following <c>next_cursor</c>.</summary>
    public async Task<(List<JsonNode> Items, CliFailure? Failure)> ListAllAsync(string path, CancellationToken cancellation)
    {
        var items = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var page = cursor is null ? path : $"{path}{separator}cursor={Uri.EscapeDataString(cursor)}";
            var (body, failure) = await AdminAsync(HttpMethod.Get, page, null, cancellation);
            if (failure is not null) return (items, failure);
            foreach (var item in body?["items"] as JsonArray ?? []) if (item is not null) items.Add(item.DeepClone());
            cursor = body?["next_cursor"] is JsonValue next && next.TryGetValue<string>(out var c) ? c : null;
        } while (cursor is not null);
        return (items, null);
    }

    public async Task<(string? Token, CliFailure? Failure)> AdminTokenAsync(bool fresh, CancellationToken cancellation)
    {
        if (!fresh && _token is { } held) return (held, null);
        if (!fresh && cache.Get(credentials) is { } cached) return (_token = cached, null);
        var (token, failure) = await RequestTokenAsync([], cancellation);
        if (failure is not null)
            return (null, failure.ExitCode == ExitCodes.AuthFailed || failure.ExitCode == ExitCodes.Invalid
                ? failure with { ExitCode = ExitCodes.AuthFailed, Message = $"client '{credentials.ClientId}' could not get an admin token: {failure.Message}" }
                : failure);
        var access = token?["access_token"]?.GetValue<string>();
        if (access is null) return (null, new CliFailure(ExitCodes.Failure, "the token endpoint answered without an access_token."));
        cache.Put(credentials, access, token?["expires_in"]?.GetValue<int>() ?? 300);
        return (_token = access, null);
    }

    private AuthenticationHeaderValue Basic()
    {
        // RFC 6749 §2.3.1: form-encode each part before joining.
        var pair = $"{Uri.EscapeDataString(credentials.ClientId)}:{Uri.EscapeDataString(credentials.ClientSecret)}";
        return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
    }

    private static StringContent? Json(JsonNode? body)
        => body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");

    private async Task<(JsonNode? Body, CliFailure? Failure)> SendAsync(HttpMethod method, string path, HttpContent? content,
        AuthenticationHeaderValue auth, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(method, credentials.Endpoint + path) { Content = content };
        request.Headers.Authorization = auth;
        request.Headers.Accept.ParseAdd("application/json");
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellation);
        }
        catch (HttpRequestException e)
        {
            return (null, new CliFailure(ExitCodes.Unreachable, $"cannot reach {credentials.Endpoint}: {e.Message}"));
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return (null, new CliFailure(ExitCodes.Unreachable, $"{credentials.Endpoint} did not answer within {http.Timeout.TotalSeconds:0} s."));
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellation);
            if (!response.IsSuccessStatusCode)
            {
                return (null, Problems.From(method, path, response.StatusCode, text));
            }
            if (response.StatusCode == HttpStatusCode.NoContent || text.Length == 0) return (null, null);
            try
            {
                return (JsonNode.Parse(text), null);
            }
            catch (JsonException)
            {
                return (null, new CliFailure(ExitCodes.Failure, $"{method} {path}: the answer is not JSON; is {credentials.Endpoint} a Tollgate server?"));
            }
        }
    }
}
