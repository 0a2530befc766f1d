using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace Tollgate.Client;

/// <summary>
/// Finds an authority's token endpoint in its RFC 8414 metadata, falling back to OpenID
/// discovery, and checks the metadata's <c>issuer</c> is the authority (RFC 8414 §3.3). A found
/// endpoint is kept for the process; a failure is not, so the next token request tries again.
/// </summary>
internal sealed class Discovery(IHttpClientFactory http)
{
    private static readonly string[] WellKnown = ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"];
    private readonly ConcurrentDictionary<string, Uri> _endpoints = new(StringComparer.Ordinal);

    public async Task<Uri> TokenEndpointAsync(ClientCredentialsOptions options, CancellationToken cancellationToken)
    {
        if (options.TokenEndpoint is { } configured) return configured;
        var authority = options.Authority!.AbsoluteUri.TrimEnd('/');
        if (_endpoints.TryGetValue(authority, out var known)) return known;

        var client = http.CreateClient(ClientCredentialsDefaults.BackchannelClientName);
        string? lastProblem = null;
        foreach (var path in WellKnown)
        {
            var url = authority + path;
            try
            {
                using var response = await client.GetAsync(url, cancellationToken);
                if (response.StatusCode == HttpStatusCode.NotFound) { lastProblem = $"{url}: 404"; continue; }
                if (!response.IsSuccessStatusCode) throw Failed($"{url} answered HTTP {(int)response.StatusCode}", null);
                using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
                var root = document.RootElement;
                var issuer = Read(root, "issuer");
                if (issuer is null || issuer.TrimEnd('/') != authority) throw Failed($"{url}: issuer '{issuer}' is not the authority {authority}", null);
                if (Read(root, "token_endpoint") is not { } endpoint || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
                    throw Failed($"{url}: no absolute token_endpoint", null);
                return _endpoints[authority] = uri;
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw Failed($"{url}: {e.Message}", e);
            }
        }
        throw Failed($"no authorization server metadata ({lastProblem})", null);
    }

    private static string? Read(JsonElement root, string name)
        => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static TokenRequestException Failed(string description, Exception? inner)
        => new(TokenRequestException.DiscoveryFailed, description, null, inner);
}
