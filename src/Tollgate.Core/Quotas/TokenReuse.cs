using Tollgate.Core.Apis;
using Tollgate.Core.Clients;
using Tollgate.Core.Revocation;
using Tollgate.Core.TokenEndpoint;
using Tollgate.Core.Tokens;

namespace Tollgate.Core.Quotas;

/// <summary>How token reuse is configured (<c>Tollgate:Quotas:TokenReuse</c>).</summary>
/// <param name="Enabled">For every client.</param>
/// <param name="Clients">For these clients, also when not <paramref name="Enabled"/>.</param>
/// <param name="MinRemainingFraction">A cached token is given out only while at least this share of its lifetime is left.</param>
/// <param name="MaxEntries">The cache's bound; the least recently used token is forgotten first.</param>
public sealed record TokenReuseSettings(bool Enabled, IReadOnlySet<string> Clients, double MinRemainingFraction = 0.5, int MaxEntries = 10_000);

/// <summary>
/// Auth0-style token reuse: a client repeating a request (same client, API, scopes, token format and signing
/// algorithm, and the same sender binding: DPoP key or TLS certificate) gets its still-valid earlier token instead
/// of a new one, saving the signature. Never a revoked token (checked against the revocation list each time), and
/// never one with less than <see cref="TokenReuseSettings.MinRemainingFraction"/> of its lifetime left.
/// This node's memory only, bounded by <see cref="TokenReuseSettings.MaxEntries"/>.
/// </summary>
public sealed class TokenReuse(TokenReuseSettings settings, RevocationList revocations, TimeProvider time)
{
    public readonly record struct Key(string ClientId, string Audience, string Scope, TokenFormat Format, string SigningAlg, string? Jkt, string? X5t);

    private sealed record Entry(TokenResponse Response, AccessTokenClaims Claims, string[] Scopes);

    private readonly BoundedLru<Key, Entry> _cache = new(settings.MaxEntries);

    public int Count => _cache.Count;

    /// <summary>The cache key of a request, or null when reuse is off for this client.</summary>
    public Key? KeyFor(Client client, Api api, string scope, string? jkt, string? x5t)
        => settings.Enabled || settings.Clients.Contains(client.ClientId)
            ? new Key(client.ClientId, api.Identifier, scope, api.TokenFormat, api.SigningAlg, jkt, x5t)
            : null;

    /// <summary>The cached token, with its remaining lifetime as <c>expires_in</c>; null when none is fit to give out.</summary>
    public TokenResponse? Find(Key key)
    {
        if (!_cache.TryGet(key, out var entry)) return null;
        var now = time.GetUtcNow();
        var claims = entry.Claims;
        var remaining = claims.ExpiresAt - now;
        if (remaining < (claims.ExpiresAt - claims.IssuedAt) * settings.MinRemainingFraction || remaining <= TimeSpan.Zero
            || revocations.IsRevoked(claims.Jti, claims.ClientId, claims.Audience, claims.IssuedAt.ToUnixTimeSeconds(), entry.Scopes))
        {
            _cache.Remove(key);
            return null;
        }
        return entry.Response with { ExpiresIn = (int)remaining.TotalSeconds, Allowance = null };
    }

    public void Store(Key key, TokenResponse response, AccessTokenClaims claims)
        => _cache.Set(key, new Entry(response with { Allowance = null }, claims, claims.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
}
