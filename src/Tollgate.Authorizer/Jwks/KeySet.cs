namespace Tollgate.Authorizer.Jwks;

/// <summary>An immutable snapshot of one issuer's published verification keys, by <c>kid</c>.</summary>
public sealed class KeySet
{
    private readonly Dictionary<string, VerificationKey> _byKid;

    public KeySet(IEnumerable<VerificationKey> keys)
    {
        _byKid = new Dictionary<string, VerificationKey>(StringComparer.Ordinal);
        var withoutKid = new List<VerificationKey>();
        foreach (var key in keys)
        {
            if (key.Kid is null) withoutKid.Add(key);
            else _byKid.TryAdd(key.Kid, key);
        }
        WithoutKid = withoutKid;
    }

    public static KeySet Empty { get; } = new([]);

    public int Count => _byKid.Count + WithoutKid.Count;
    public IEnumerable<VerificationKey> Keys => _byKid.Values.Concat(WithoutKid);
    /// <summary>Keys published without a kid; used only for tokens without a kid.</summary>
    public IReadOnlyList<VerificationKey> WithoutKid { get; }

    public VerificationKey? Find(string? kid)
    {
        if (kid is not null) return _byKid.GetValueOrDefault(kid);
        return WithoutKid.Count == 1 ? WithoutKid[0] : null;
    }

    /// <summary>
    /// The successor of this set after a fetch: unchanged keys keep their instance (and pools),
    /// keys no longer published are retired.
    /// </summary>
    public KeySet Succeed(KeySet fetched)
    {
        var kept = new List<VerificationKey>(fetched.Count);
        var previous = Keys.ToDictionary(k => (k.Kid ?? "") + "|" + k.Thumbprint + "|" + k.Alg, StringComparer.Ordinal);
        foreach (var key in fetched.Keys)
        {
            var id = (key.Kid ?? "") + "|" + key.Thumbprint + "|" + key.Alg;
            if (previous.Remove(id, out var same)) { kept.Add(same); key.Dispose(); }
            else kept.Add(key);
        }
        foreach (var gone in previous.Values) gone.Retire();
        return new KeySet(kept);
    }
}
