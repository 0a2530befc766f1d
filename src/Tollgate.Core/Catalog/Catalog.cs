namespace Tollgate.Core.Catalog;

/// <summary>Holds the current <see cref="CatalogSnapshot"/> and swaps it atomically.</summary>
public sealed class Catalog
{
    private CatalogSnapshot _current = CatalogSnapshot.Empty;

    public CatalogSnapshot Current => Volatile.Read(ref _current);

    public void Replace(CatalogSnapshot snapshot) => Volatile.Write(ref _current, snapshot);

    /// <summary>Applies a change to the current snapshot; retried if another change won the race.</summary>
    public void Update(Func<CatalogSnapshot, CatalogSnapshot> change)
    {
        while (true)
        {
            var before = Current;
            if (Interlocked.CompareExchange(ref _current, change(before), before) == before) return;
        }
    }
}
