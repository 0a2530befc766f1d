using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Tollgate.Authorizer.Validation;

/// <summary>
/// The selected claims of a <see cref="ValidatedToken"/> as a read-only map, in the order they were
/// added. A handful of entries: a linear ordinal scan finds one as fast as hashing would, and the
/// map holds half the memory of a <see cref="Dictionary{TKey, TValue}"/>, which matters because
/// the decision cache keeps one per cached token.
/// </summary>
internal sealed class ClaimMap(KeyValuePair<string, string>[] entries) : IReadOnlyDictionary<string, string>
{
    public int Count => entries.Length;
    public IEnumerable<string> Keys => entries.Select(e => e.Key);
    public IEnumerable<string> Values => entries.Select(e => e.Value);

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no claim '{key}'");

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        foreach (var entry in entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)entries).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
