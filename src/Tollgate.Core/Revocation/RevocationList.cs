using System.Collections.Concurrent;
using Tollgate.Core.Storage;

namespace Tollgate.Core.Revocation;

/// <summary>
/// Revoked JWTs by <c>jti</c>, in memory for the hot path and persisted so a restart keeps them.
/// An entry lives until the token it names would have expired anyway.
/// </summary>
public sealed class RevocationList(IRevocationStore store, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);

    public int Count => _revoked.Count;

    public bool IsRevoked(string jti) => _revoked.ContainsKey(jti);

    public async Task RevokeAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await store.AddAsync(jti, expiresAt, cancellationToken);
        _revoked[jti] = expiresAt;
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var (jti, expiresAt) in await store.LoadLiveAsync(time.GetUtcNow(), cancellationToken))
            _revoked[jti] = expiresAt;
    }

    /// <summary>Forgets entries whose tokens have expired: they are refused for expiry anyway.</summary>
    public void Purge()
    {
        var now = time.GetUtcNow();
        foreach (var (jti, expiresAt) in _revoked)
            if (expiresAt <= now) _revoked.TryRemove(jti, out _);
    }
}
