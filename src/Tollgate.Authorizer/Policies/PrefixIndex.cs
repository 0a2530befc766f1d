namespace Tollgate.Authorizer.Policies;

/// <summary>
/// Policies by the literal prefix of their resource entries: a request looks up only the prefixes
/// its resource starts with (one dictionary probe per distinct prefix length), so the cost follows
/// how many policies could match, not how many there are.
/// </summary>
internal sealed class PrefixIndex
{
    private readonly Dictionary<string, List<CompiledPolicy>> _byPrefix = new(StringComparer.Ordinal);
    private int[] _lengths = [];

    public void Add(string prefix, CompiledPolicy policy)
    {
        if (!_byPrefix.TryGetValue(prefix, out var list)) _byPrefix[prefix] = list = [];
        if (list.Count == 0 || list[^1] != policy) list.Add(policy);
    }

    /// <summary>Call once after the last <see cref="Add"/>.</summary>
    public void Freeze() => _lengths = [.. _byPrefix.Keys.Select(k => k.Length).Distinct().Order()];

    /// <summary>Walks every policy one of whose resource prefixes <paramref name="resource"/> starts with; stops when <paramref name="visit"/> returns false.</summary>
    public bool Visit<TState>(string resource, ref TState state, Visitor<TState> visit)
    {
        var lookup = _byPrefix.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var length in _lengths)
        {
            if (length > resource.Length) break;
            if (!lookup.TryGetValue(resource.AsSpan(0, length), out var list)) continue;
            foreach (var policy in list)
                if (!visit(policy, ref state)) return false;
        }
        return true;
    }

    public delegate bool Visitor<TState>(CompiledPolicy policy, ref TState state);
}
