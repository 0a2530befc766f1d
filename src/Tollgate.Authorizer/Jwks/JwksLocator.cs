using System.Text.Json;

namespace Tollgate.Authorizer.Jwks;

/// <summary>
/// Finds an issuer's <c>jwks_uri</c>: the configured one, or by discovery — OpenID Connect
/// (<c>{issuer}/.well-known/openid-configuration</c>), then RFC 8414
/// (<c>/.well-known/oauth-authorization-server</c> inserted before the issuer's path). The
/// discovered document must name the same issuer. A found URI is kept for the process lifetime.
/// </summary>
public sealed class JwksLocator(string issuer, Uri? jwksUri, HttpClient http, TimeSpan timeout)
{
    private Uri? _found = jwksUri;

    public string Issuer => issuer;

    public async Task<Uri> LocateAsync(CancellationToken cancellationToken)
    {
        if (_found is { } known) return known;
        var errors = new List<string>();
        foreach (var discovery in DiscoveryUris(issuer))
        {
            try
            {
                var body = await HttpJson.GetAsync(http, discovery, timeout, cancellationToken);
                _found = ReadJwksUri(body, discovery);
                return _found;
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or FormatException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                errors.Add(ex.Message);
            }
        }
        throw new HttpRequestException($"discovery for issuer {issuer} failed: {string.Join("; ", errors)}");
    }

    public static IEnumerable<Uri> DiscoveryUris(string issuer)
    {
        var trimmed = issuer.TrimEnd('/');
        yield return new Uri(trimmed + "/.well-known/openid-configuration");
        var uri = new Uri(trimmed);
        var path = uri.AbsolutePath.TrimEnd('/');
        yield return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/.well-known/oauth-authorization-server" + path);
    }

    private Uri ReadJwksUri(byte[] body, Uri discovery)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException($"{discovery} is not a JSON object");
        var named = root.TryGetProperty("issuer", out var iss) && iss.ValueKind == JsonValueKind.String ? iss.GetString() : null;
        if (named != issuer) throw new FormatException($"{discovery} names issuer '{named}', expected '{issuer}'");
        if (!root.TryGetProperty("jwks_uri", out var jwks) || jwks.ValueKind != JsonValueKind.String
            || !Uri.TryCreate(jwks.GetString(), UriKind.Absolute, out var found))
            throw new FormatException($"{discovery} has no absolute jwks_uri");
        return found;
    }
}
