using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;
using Tollgate.Core.Clients;

namespace Tollgate.Core.OAuth;

/// <summary>
/// The public keys a private_key_jwt client signs its assertions with: its registered JWK Set, or
/// the one at its <c>jwks_uri</c> (cached five minutes; an unknown kid refetches at most once a minute).
/// </summary>
public sealed class ClientKeys(HttpClient http, TimeProvider time)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Cooldown = TimeSpan.FromMinutes(1);
    private const int MaxBytes = 64 * 1024;

    private readonly ConcurrentDictionary<string, (IReadOnlyList<SecurityKey> Keys, DateTimeOffset FetchedAt)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<IReadOnlyList<SecurityKey>> GetAsync(Client client, string? kid, CancellationToken cancellationToken)
    {
        if (client.Jwks is { } inline)
        {
            if (!_cache.TryGetValue(inline, out var parsed)) _cache[inline] = parsed = (Parse(inline), default);
            return parsed.Keys;
        }
        if (client.JwksUri is not { } uri) return [];

        var now = time.GetUtcNow();
        if (_cache.TryGetValue(uri, out var cached))
        {
            var stale = now - cached.FetchedAt > Fresh;
            var unknownKid = kid is not null && cached.Keys.All(k => k.KeyId != kid) && now - cached.FetchedAt > Cooldown;
            if (!stale && !unknownKid) return cached.Keys;
        }
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxBytes) return cached.Keys ?? [];
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var keys = body.Length > MaxBytes ? [] : Parse(body);
            _cache[uri] = (keys, now);
            return keys;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return cached.Keys ?? [];   // last known keys while the client's JWKS host is unreachable
        }
    }

    /// <summary>Public signing keys of a JWK Set; an unreadable set has none.</summary>
    public static IReadOnlyList<SecurityKey> Parse(string json)
    {
        try
        {
            return new JsonWebKeySet(json).GetSigningKeys().Where(k => k is JsonWebKey { HasPrivateKey: false } or not JsonWebKey).ToList();
        }
        catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException)
        {
            return [];
        }
    }
}
