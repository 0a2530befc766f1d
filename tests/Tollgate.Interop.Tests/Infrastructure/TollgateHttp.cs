using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Tollgate.Interop.Tests.Infrastructure;

public sealed record ClientCredentials(string ClientId, string ClientSecret);

/// <summary>Plain HTTP calls to Tollgate: the admin API (as the root client) and the OAuth endpoints.</summary>
public sealed class TollgateHttp : IDisposable
{
    public const string RootClientId = "tollgate-root";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private string? _adminToken;

    public TollgateHttp(string baseUrl) => BaseUrl = baseUrl;

    public string BaseUrl { get; }

    /// <summary>Gets an admin token with the root client's secret; later admin calls use it.</summary>
    public async Task LoginAsync(string rootSecret)
    {
        using var token = await TokenAsync(new ClientCredentials(RootClientId, rootSecret), audience: null);
        _adminToken = token.RootElement.GetProperty("access_token").GetString();
    }

    public async Task<JsonElement> CreateApiAsync(string identifier, string tokenFormat, string signingAlg)
        => await AdminPostAsync("/admin/apis", new
        {
            identifier,
            name = identifier,
            scopes = new[] { new { value = "read:contacts" }, new { value = "write:contacts" } },
            token_format = tokenFormat,
            signing_alg = signingAlg,
            access_token_lifetime = 3600,
        });

    public async Task<ClientCredentials> CreateClientAsync(string name, string authMethod, bool allowIntrospection)
    {
        var client = await AdminPostAsync("/admin/clients",
            new { client_name = name, token_endpoint_auth_method = authMethod, allow_introspection = allowIntrospection });
        return new ClientCredentials(client.GetProperty("client_id").GetString()!, client.GetProperty("client_secret").GetString()!);
    }

    public async Task<JsonElement> CreateGrantAsync(string clientId, string audience, params string[] scope)
        => await AdminPostAsync("/admin/grants", new { client_id = clientId, audience, scope });

    public async Task<JsonElement> AdminPostAsync(string path, object body)
    {
        using var request = AdminRequest(HttpMethod.Post, path);
        request.Content = JsonContent.Create(body);
        return await SendAsync(request, HttpStatusCode.Created);
    }

    public async Task<JsonElement> AdminGetAsync(string path)
    {
        using var request = AdminRequest(HttpMethod.Get, path);
        return await SendAsync(request, HttpStatusCode.OK);
    }

    private HttpRequestMessage AdminRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, BaseUrl + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            _adminToken ?? throw new InvalidOperationException("Call LoginAsync first."));
        return request;
    }

    /// <summary>A client-credentials token response (client_secret_basic); throws unless 200.</summary>
    public async Task<JsonDocument> TokenAsync(ClientCredentials client, string? audience, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (audience is not null) form["audience"] = audience;
        if (scope is not null) form["scope"] = scope;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{BaseUrl}/oauth2/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = Basic(client);
        return JsonDocument.Parse((await SendAsync(request, HttpStatusCode.OK)).GetRawText());
    }

    public async Task<string> AccessTokenAsync(ClientCredentials client, string audience, string? scope = null)
    {
        using var response = await TokenAsync(client, audience, scope);
        return response.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>RFC 7662 introspection, the caller authenticating with client_secret_basic.</summary>
    public async Task<JsonElement> IntrospectAsync(ClientCredentials caller, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{BaseUrl}/oauth2/introspect")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }),
        };
        request.Headers.Authorization = Basic(caller);
        return await SendAsync(request, HttpStatusCode.OK);
    }

    public async Task RevokeAsync(ClientCredentials client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{BaseUrl}/oauth2/revoke")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }),
        };
        request.Headers.Authorization = Basic(client);
        using var response = await _http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new HttpRequestException($"POST /oauth2/revoke answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, BaseUrl + path);
        return await SendAsync(request, HttpStatusCode.OK);
    }

    private static AuthenticationHeaderValue Basic(ClientCredentials client)
        => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{Uri.EscapeDataString(client.ClientId)}:{Uri.EscapeDataString(client.ClientSecret)}")));

    private async Task<JsonElement> SendAsync(HttpRequestMessage request, HttpStatusCode expected)
    {
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
            throw new HttpRequestException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}
