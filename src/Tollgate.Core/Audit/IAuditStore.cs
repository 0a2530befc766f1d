using Tollgate.Core.Storage;

namespace Tollgate.Core.Audit;

/// <summary>
/// The audit trail as stored. Entries are appended only by the stores' own writes, in the same
/// transaction as the change they describe (every write method takes an <see cref="AuditRecord"/>);
/// this reads them back, purges the oldest and appends the events that change nothing else.
/// </summary>
public interface IAuditStore
{
    /// <summary>Matching entries in id order, after the page's cursor.</summary>
    Task<Page<AuditEntry>> ListAsync(PageRequest page, AuditFilter filter, CancellationToken cancellationToken);

    /// <summary>Entries after <paramref name="afterId"/> in id order, unfiltered: what verification walks.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAsync(long afterId, int limit, CancellationToken cancellationToken);

    Task<AuditState> StateAsync(CancellationToken cancellationToken);

    /// <summary>Appends an entry on its own, for an event that changes nothing else stored (a console sign-in).</summary>
    Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the entries up to the newest one older than <paramref name="before"/> and records that
    /// entry's id and hash as the chain's new anchor, in one transaction; <paramref name="record"/>
    /// (the purge itself) is appended in the same transaction. Returns how many entries went.
    /// </summary>
    Task<int> PurgeAsync(DateTimeOffset before, Func<long, AuditRecord> record, CancellationToken cancellationToken);
}
