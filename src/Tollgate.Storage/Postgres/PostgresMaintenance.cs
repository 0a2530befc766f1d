using Tollgate.Core.Storage;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// Nothing to compact: PostgreSQL's autovacuum reclaims deleted rows, and a PostgreSQL database
/// never held reference tokens (sealed opaque tokens predate this provider), so upkeep is the
/// stores' own purges.
/// </summary>
public sealed class PostgresMaintenance : IStorageMaintenance
{
    public Task MaintainAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;
}
