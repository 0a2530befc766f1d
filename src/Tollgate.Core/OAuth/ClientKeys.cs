using System.Collections.Concurrent;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Tollgate.Authorizer.Jwks;
using Tollgate.Core.Clients;

namespace Tollgate.Core.OAuth;

/// <summary>
/// The public keys a private_key_jwt client signs its assertions with: its registered JWK Set, or
/// the one at its <c>jwks_uri</c> (cached five minutes; an unknown kid refetches at most once a minute).
/// Each set is read twice from the same JSON: as the decision engine's <see cref="KeySet"/> (assertions
/// are verified by its validator) and as IdentityModel keys (registration checks, self-signed certificates).
/// </summary>
public sealed class ClientKeys(HttpClient http, TimeProvider time)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Cooldown = TimeSpan.FromMinutes(1);
    private const int MaxBytes = 64 * 1024;

    private sealed record Entry(IReadOnlyList<SecurityKey> Keys, KeySet Set, DateTimeOffset FetchedAt)
    {
        public static readonly Entry None = new([], KeySet.Empty, default);

        public static Entry Of(string json, DateTimeOffset fetchedAt) => new(Parse(json), ParseSet(json), fetchedAt);
    }

    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);

    public async ValueTask<IReadOnlyList<SecurityKey>> GetAsync(Client client, string? kid, CancellationToken cancellationToken)
        => (await GetEntryAsync(client, kid, cancellationToken)).Keys;

    /// <summary>The client's keys as the decision engine's validator reads them.</summary>
    public async ValueTask<KeySet> GetSetAsync(Client client, string? kid, CancellationToken cancellationToken)
        => (await GetEntryAsync(client, kid, cancellationToken)).Set;

    private async ValueTask<Entry> GetEntryAsync(Client client, string? kid, CancellationToken cancellationToken)
    {
        if (client.Jwks is { } inline)
        {
            if (!_cache.TryGetValue(inline, out var parsed)) _cache[inline] = parsed = Entry.Of(inline, default);
            return parsed;
        }
        if (client.JwksUri is not { } uri) return Entry.None;

        var now = time.GetUtcNow();
        var cached = _cache.GetValueOrDefault(uri);
        if (cached is not null)
        {
            var stale = now - cached.FetchedAt > Fresh;
            var unknownKid = kid is not null && cached.Keys.All(k => k.KeyId != kid) && now - cached.FetchedAt > Cooldown;
            if (!stale && !unknownKid) return cached;
        }
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxBytes) return cached ?? Entry.None;
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var entry = body.Length > MaxBytes ? Entry.None with { FetchedAt = now } : Entry.Of(body, now);
            _cache[uri] = entry;
            return entry;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return cached ?? Entry.None;   // last known keys while the client's JWKS host is unreachable
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

    private static KeySet ParseSet(string json)
    {
        try
        {
            return JwksParser.Parse(Encoding.UTF8.GetBytes(json), out _);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return KeySet.Empty;
        }
    }
}
