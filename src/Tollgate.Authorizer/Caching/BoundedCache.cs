using System.Collections.Concurrent;

namespace Tollgate.Authorizer.Caching;

/// <summary>
/// A bounded concurrent cache in two generations: new entries go to the young generation; when it
/// holds half the capacity it becomes the old one and the previous old generation is dropped. A hit
/// in the old generation moves the entry back to the young one. O(1), lock-free reads, at most
/// <c>capacity</c> entries, and recently used entries survive (an approximation of LRU).
/// </summary>
public sealed class BoundedCache<TKey, TValue> where TKey : notnull
{
    private readonly int _generationSize;
    private readonly IEqualityComparer<TKey>? _comparer;
    private readonly Lock _rotate = new();
    private volatile ConcurrentDictionary<TKey, TValue> _young;
    private volatile ConcurrentDictionary<TKey, TValue> _old;
    private int _youngCount;

    public BoundedCache(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _generationSize = capacity / 2;
        _comparer = comparer;
        _young = new ConcurrentDictionary<TKey, TValue>(comparer);
        _old = new ConcurrentDictionary<TKey, TValue>(comparer);
    }

    public int Capacity => _generationSize * 2;
    /// <summary>Approximate: entries of both generations.</summary>
    public int Count => _young.Count + _old.Count;

    public bool TryGet(TKey key, out TValue value)
    {
        if (_young.TryGetValue(key, out value!)) return true;
        if (!_old.TryGetValue(key, out value!)) return false;
        Set(key, value);
        return true;
    }

    public void Set(TKey key, TValue value)
    {
        var young = _young;
        if (!young.TryAdd(key, value))
        {
            young[key] = value;
            return;
        }
        if (Interlocked.Increment(ref _youngCount) < _generationSize) return;
        lock (_rotate)
        {
            if (!ReferenceEquals(young, _young)) return;
            _old = young;
            _young = new ConcurrentDictionary<TKey, TValue>(_comparer);
            _youngCount = 0;
        }
    }

    public void Remove(TKey key)
    {
        _young.TryRemove(key, out _);
        _old.TryRemove(key, out _);
    }

    public void Clear()
    {
        lock (_rotate)
        {
            _young = new ConcurrentDictionary<TKey, TValue>(_comparer);
            _old = new ConcurrentDictionary<TKey, TValue>(_comparer);
            _youngCount = 0;
        }
    }
}
