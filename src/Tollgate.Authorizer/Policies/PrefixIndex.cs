namespace Tollgate.Authorizer.Policies;

/// <summary>
/// Policies by the literal prefix of their resource entries. A request hashes its resource once,
/// left to right (FNV-1a, 64 bits), and at each length some stored prefix has, probes for that
/// prefix by its hash: one pass over the resource plus one integer lookup per distinct prefix
/// length, whatever the number of policies. (Hand-written rather than a string-keyed dictionary
/// probed per length, whose cost grows with every length since each probe rehashes the prefix.
/// The keys are the administrator's prefixes, so a request cannot flood a bucket.)
/// </summary>
internal sealed class PrefixIndex
{
    private const ulong Offset = 14695981039346656037, Prime = 1099511628211;
    private readonly Dictionary<ulong, List<(string Prefix, List<CompiledPolicy> Policies)>> _byHash = [];
    private int[] _lengths = [];

    public void Add(string prefix, CompiledPolicy policy)
    {
        var key = Key(Hash(prefix), prefix.Length);
        if (!_byHash.TryGetValue(key, out var entries)) _byHash[key] = entries = [];
        var at = entries.FindIndex(e => e.Prefix == prefix);
        if (at < 0) entries.Add((prefix, [policy]));
        else if (entries[at].Policies[^1] != policy) entries[at].Policies.Add(policy);
    }

    /// <summary>Call once after the last <see cref="Add"/>.</summary>
    public void Freeze() => _lengths = [.. _byHash.Values.SelectMany(e => e).Select(e => e.Prefix.Length).Distinct().Order()];

    /// <summary>Walks every policy one of whose resource prefixes <paramref name="resource"/> starts with; stops when <paramref name="visit"/> returns false.</summary>
    public bool Visit<TState>(string resource, ref TState state, Visitor<TState> visit)
    {
        var hash = Offset;
        var at = 0;
        foreach (var length in _lengths)
        {
            if (length > resource.Length) break;
            for (; at < length; at++) hash = (hash ^ resource[at]) * Prime;
            if (!_byHash.TryGetValue(Key(hash, length), out var entries)) continue;
            foreach (var (prefix, policies) in entries)
            {
                if (!resource.AsSpan(0, length).SequenceEqual(prefix)) continue;
                foreach (var policy in policies)
                    if (!visit(policy, ref state)) return false;
            }
        }
        return true;
    }

    public delegate bool Visitor<TState>(CompiledPolicy policy, ref TState state);

    private static ulong Hash(string text)
    {
        var hash = Offset;
        foreach (var c in text) hash = (hash ^ c) * Prime;
        return hash;
    }

    private static ulong Key(ulong hash, int length) => hash ^ ((ulong)length * 0x9E3779B97F4A7C15);
}
