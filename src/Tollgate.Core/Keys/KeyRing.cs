using System.Collections.Immutable;
using System.Text;

namespace Tollgate.Core.Keys;

/// <summary>
/// The signing keys in force, as an immutable set swapped whole: the current key per algorithm
/// and the published JWKS (every key that may have signed a live token).
/// </summary>
public sealed class KeyRing
{
    private State _state = new([], "{\"keys\":[]}"u8.ToArray());

    private sealed record State(ImmutableArray<SigningKey> Keys, byte[] Jwks);

    public ImmutableArray<SigningKey> Keys => Volatile.Read(ref _state).Keys;

    /// <summary>The JWKS document as UTF-8 JSON, built once per change.</summary>
    public ReadOnlyMemory<byte> JwksJson => Volatile.Read(ref _state).Jwks;

    public bool IsLoaded => !Keys.IsEmpty;

    public void Replace(IEnumerable<SigningKey> keys, DateTimeOffset now)
    {
        var list = keys.OrderBy(k => k.CreatedAt).ToImmutableArray();
        var published = list.Where(k => k.PublishedAt(now)).Select(k => k.PublicJwk);
        Volatile.Write(ref _state, new State(list, Encoding.UTF8.GetBytes("{\"keys\":[" + string.Join(',', published) + "]}")));
    }

    /// <summary>The key that signs for <paramref name="alg"/> now: the newest active one.</summary>
    public SigningKey? Current(string alg, DateTimeOffset now)
    {
        SigningKey? best = null;
        foreach (var key in Keys)
            if (key.Alg == alg && key.SignsAt(now) && (best is null || key.ActivatesAt >= best.ActivatesAt))
                best = key;
        return best;
    }

    public SigningKey? Find(string kid)
    {
        foreach (var key in Keys)
            if (key.Kid == kid) return key;
        return null;
    }
}
