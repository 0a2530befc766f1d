using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Tollgate.EndToEnd.Tests.Infrastructure;

public sealed record ClientCredentials(string ClientId, string ClientSecret);

/// <summary>
/// What an operator does with curl: the admin API as the root client, and the OAuth endpoints as a
/// client. Every call checks its status and throws with the body otherwise.
/// </summary>
public sealed class TollgateAdmin(string baseUrl) : IDisposable
{
    public const string RootClientId = "tollgate-root";
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
    private string? _adminToken;

    public async Task LoginAsync(string rootSecret)
        => _adminToken = (await TokenAsync(new ClientCredentials(RootClientId, rootSecret), audience: null))["access_token"]!.GetValue<string>();

    public Task<JsonObject> CreateApiAsync(string identifier, string tokenFormat = "jwt", int lifetimeSeconds = 3600)
        => SendAsync(HttpMethod.Post, "/admin/apis", HttpStatusCode.Created, new
        {
            identifier,
            name = identifier,
            scopes = new[] { new { value = "read:contacts" }, new { value = "write:contacts" } },
            token_format = tokenFormat,
            access_token_lifetime = lifetimeSeconds,
        });

    /// <summary><c>PUT /admin/apis/{identifier}/routes</c> (the identifier URL-encoded).</summary>
    public Task<JsonObject> PutRoutesAsync(string identifier, string rulesJson)
        => SendAsync(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(identifier)}/routes", HttpStatusCode.OK, JsonNode.Parse(rulesJson));

    /// <param name="allowIntrospection">A resource server's client: introspection, the revocation feed and the route rules.</param>
    public async Task<ClientCredentials> CreateClientAsync(string name, int? lifetimeSeconds = null, bool allowIntrospection = false)
    {
        var body = new JsonObject { ["client_name"] = name };
        if (lifetimeSeconds is { } seconds) body["access_token_lifetime"] = seconds;
        if (allowIntrospection) body["allow_introspection"] = true;
        var client = await SendAsync(HttpMethod.Post, "/admin/clients", HttpStatusCode.Created, body);
        return new ClientCredentials(client["client_id"]!.GetValue<string>(), client["client_secret"]!.GetValue<string>());
    }

    /// <summary>A client with <c>allow_introspection</c>, as gateways and resource servers asking the warden use.</summary>
    public async Task<ClientCredentials> CreateGatewayClientAsync(string name)
    {
        var client = await SendAsync(HttpMethod.Post, "/admin/clients", HttpStatusCode.Created, new { client_name = name, allow_introspection = true });
        return new ClientCredentials(client["client_id"]!.GetValue<string>(), client["client_secret"]!.GetValue<string>());
    }

    /// <summary>Any admin call that must answer <paramref name="expected"/>.</summary>
    public Task<JsonObject> AdminAsync(HttpMethod method, string path, HttpStatusCode expected, object body) => SendAsync(method, path, expected, body);

    /// <summary>Creates a grant; answers its id.</summary>
    public async Task<string> CreateGrantAsync(string clientId, string audience, params string[] scope)
        => (await SendAsync(HttpMethod.Post, "/admin/grants", HttpStatusCode.Created, new { client_id = clientId, audience, scope }))["id"]!.GetValue<string>();

    public Task<JsonObject> PatchGrantAsync(string grantId, params string[] scope)
        => SendAsync(HttpMethod.Patch, $"/admin/grants/{grantId}", HttpStatusCode.OK, new { scope });

    /// <summary>A client-credentials token response (client_secret_basic).</summary>
    public async Task<JsonObject> TokenAsync(ClientCredentials client, string? audience)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (audience is not null) form["audience"] = audience;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = Basic(client);
        return await SendAsync(request, HttpStatusCode.OK);
    }

    public async Task<string> AccessTokenAsync(ClientCredentials client, string audience)
        => (await TokenAsync(client, audience))["access_token"]!.GetValue<string>();

    /// <summary>RFC 7009 revocation by the client the token was issued to.</summary>
    public async Task RevokeAsync(ClientCredentials client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/revoke")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }),
        };
        request.Headers.Authorization = Basic(client);
        using var response = await _http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new HttpRequestException($"POST /oauth2/revoke answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private Task<JsonObject> SendAsync(HttpMethod method, string path, HttpStatusCode expected, object? body)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _adminToken ?? throw new InvalidOperationException("Call LoginAsync first."));
        return SendAsync(request, expected);
    }

    private async Task<JsonObject> SendAsync(HttpRequestMessage request, HttpStatusCode expected)
    {
        using (request)
        {
            using var response = await _http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != expected)
                throw new HttpRequestException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}: {text}");
            return JsonNode.Parse(text)!.AsObject();
        }
    }

    private static AuthenticationHeaderValue Basic(ClientCredentials client)
        => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(client.ClientId)}:{Uri.EscapeDataString(client.ClientSecret)}")));

    /// <summary>The payload of a JWT, unverified (for <c>exp</c>, <c>iss</c> and friends in assertions).</summary>
    public static JsonObject Claims(string jwt) => JwtPart(jwt, 1);

    /// <summary>The JOSE header of a JWT.</summary>
    public static JsonObject Header(string jwt) => JwtPart(jwt, 0);

    private static JsonObject JwtPart(string jwt, int index)
    {
        var part = jwt.Split('.')[index].Replace('-', '+').Replace('_', '/');
        return JsonNode.Parse(Convert.FromBase64String(part.PadRight(part.Length + (4 - part.Length % 4) % 4, '=')))!.AsObject();
    }

    public void Dispose() => _http.Dispose();
}
