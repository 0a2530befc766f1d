namespace Tollgate.Authorizer.Jwks;

/// <summary>
/// A tiny lock-free pool of key instances. <see cref="System.Security.Cryptography.RSA"/> and
/// <see cref="System.Security.Cryptography.ECDsa"/> instances are not documented as thread-safe,
/// so each verification rents one; a miss creates a new instance, a full pool disposes the extra.
/// </summary>
internal sealed class InstancePool<T>(Func<T> create) : IDisposable where T : class, IDisposable
{
    private readonly T?[] _slots = new T?[Math.Max(4, Environment.ProcessorCount * 2)];

    public T Rent()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            var item = Interlocked.Exchange(ref _slots[i], null);
            if (item is not null) return item;
        }
        return create();
    }

    public void Return(T item)
    {
        for (var i = 0; i < _slots.Length; i++)
            if (Interlocked.CompareExchange(ref _slots[i], item, null) is null) return;
        item.Dispose();
    }

    public void Dispose()
    {
        for (var i = 0; i < _slots.Length; i++)
            Interlocked.Exchange(ref _slots[i], null)?.Dispose();
    }
}
