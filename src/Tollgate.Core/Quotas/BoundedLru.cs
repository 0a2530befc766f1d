namespace Tollgate.Core.Quotas;

/// <summary>
/// A map of at most <c>capacity</c> entries that forgets the least recently used one when full: the memory
/// bound of the token-reuse cache and the lockout table, whatever callers send. Thread-safe (one lock).
/// </summary>
public sealed class BoundedLru<TKey, TValue>(int capacity) where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _map = [];
    private readonly LinkedList<(TKey Key, TValue Value)> _order = new();
    private readonly Lock _lock = new();

    public int Count { get { lock (_lock) return _map.Count; } }

    public bool TryGet(TKey key, out TValue value)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                value = node.Value.Value;
                return true;
            }
        }
        value = default!;
        return false;
    }

    public void Set(TKey key, TValue value)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node)) _order.Remove(node);
            else if (_map.Count >= capacity && _order.Last is { } oldest)
            {
                _order.RemoveLast();
                _map.Remove(oldest.Value.Key);
            }
            _map[key] = _order.AddFirst((key, value));
        }
    }

    /// <summary>Replaces the value under the lock (<paramref name="update"/> gets the current value or default); a null result removes the entry.</summary>
    public TValue? Update(TKey key, Func<TValue?, TValue?> update)
    {
        lock (_lock)
        {
            var current = _map.TryGetValue(key, out var node) ? node.Value.Value : default;
            var next = update(current);
            if (node is not null)
            {
                _order.Remove(node);
                _map.Remove(key);
            }
            if (next is null) return next;
            if (_map.Count >= capacity && _order.Last is { } oldest)
            {
                _order.RemoveLast();
                _map.Remove(oldest.Value.Key);
            }
            _map[key] = _order.AddFirst((key, next));
            return next;
        }
    }

    public void Remove(TKey key)
    {
        lock (_lock)
            if (_map.Remove(key, out var node)) _order.Remove(node);
    }
}
