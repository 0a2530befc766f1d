namespace Tollgate.Authorizer.Revocation;

/// <summary>A revoked token as the authorizer keeps it: 64 bits of its jti and when the entry can go (Unix seconds).</summary>
internal readonly record struct TokenRevocation(ulong Hash, uint Expires);

/// <summary>
/// An immutable set of <see cref="JtiHash"/>es: open addressing with linear probing over two
/// arrays sized for a load of at most 0.7, so a lookup touches one or two cache lines whatever
/// the size. 12 bytes a slot, ~17 bytes an entry: a million revoked tokens take ~17 MB and no
/// object per entry. Built whole; never changed after (readers need no lock).
/// </summary>
internal sealed class JtiTable
{
    private const double MaxLoad = 0.7;

    public static readonly JtiTable Empty = new([], [], 0, long.MaxValue);

    private readonly ulong[] _keys;
    private readonly uint[] _expires;

    private JtiTable(ulong[] keys, uint[] expires, int count, long earliestExpiry)
    {
        _keys = keys;
        _expires = expires;
        Count = count;
        EarliestExpiry = earliestExpiry;
    }

    public int Count { get; }
    /// <summary>The earliest entry's expiry in Unix seconds (<see cref="long.MaxValue"/> when empty).</summary>
    public long EarliestExpiry { get; }
    /// <summary>Bytes held by the two arrays.</summary>
    public long Bytes => _keys.Length * (sizeof(ulong) + sizeof(uint));

    public bool Contains(ulong hash)
    {
        var keys = _keys;
        if (keys.Length == 0) return false;
        var i = Slot(hash, keys.Length);
        while (true)
        {
            var key = keys[i];
            if (key == hash) return true;
            if (key == 0) return false;
            if (++i == keys.Length) i = 0;
        }
    }

    /// <summary>The union of <paramref name="tables"/> and <paramref name="added"/>, without entries expired at <paramref name="now"/>.</summary>
    public static JtiTable Build(IReadOnlyList<JtiTable> tables, IReadOnlyList<TokenRevocation> added, long now)
    {
        long bound = added.Count;
        foreach (var table in tables) bound += table.Count;
        if (bound == 0) return Empty;

        var capacity = (int)Math.Min(Array.MaxLength, Math.Max(8, (long)(bound / MaxLoad) + 1));
        var keys = new ulong[capacity];
        var expires = new uint[capacity];
        var count = 0;
        var earliest = long.MaxValue;
        void Insert(ulong hash, uint expiry)
        {
            if (!RevocationRule.IsLive(expiry, now)) return;
            var i = Slot(hash, capacity);
            while (keys[i] != 0 && keys[i] != hash) if (++i == capacity) i = 0;
            if (keys[i] == 0) { keys[i] = hash; count++; }
            if (expiry > expires[i]) expires[i] = expiry;
        }

        foreach (var table in tables)
            for (var i = 0; i < table._keys.Length; i++)
                if (table._keys[i] != 0) Insert(table._keys[i], table._expires[i]);
        foreach (var entry in added) Insert(entry.Hash, entry.Expires);
        for (var i = 0; i < capacity; i++)
            if (keys[i] != 0 && expires[i] < earliest) earliest = expires[i];
        return count == 0 ? Empty : new JtiTable(keys, expires, count, earliest);
    }

    /// <summary>Lemire's multiply-shift: maps a uniform 64-bit hash onto [0, length) without a division.</summary>
    private static int Slot(ulong hash, int length) => (int)Math.BigMul(hash, (ulong)length, out _);

    /// <summary>A Unix-seconds expiry as stored (seconds fit 32 bits until 2106).</summary>
    public static uint ToExpiry(long unixSeconds) => (uint)Math.Clamp(unixSeconds, 0, uint.MaxValue);
}
