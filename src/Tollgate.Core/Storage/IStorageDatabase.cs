namespace Tollgate.Core.Storage;

/// <summary>The database behind the stores, whichever provider: its schema and its reachability.</summary>
public interface IStorageDatabase
{
    /// <summary>Provider and location for logs: never a password.</summary>
    string Description { get; }

    /// <summary>Applies pending migrations, each once in a transaction; refuses a schema newer than this release knows.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Throws when the database cannot answer a trivial query.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}

/// <summary>The database holds migrations this release does not know: a newer release wrote it.</summary>
public sealed class SchemaTooNewException(string description, long known, long found)
    : Exception($"The database ({description}) is at schema version {found}, newer than this release knows ({known}). " +
                "Run a release at least as new as the one that migrated it.");
