using Npgsql;
using Tollgate.Core.Audit;
using Tollgate.Core.Storage;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// A PostgreSQL database shared by every node. Connections come from Npgsql's pool (an
/// <see cref="NpgsqlDataSource"/>); migrations run under a session advisory lock, so nodes
/// starting at once apply each migration exactly once and the others wait, then find nothing to do.
/// </summary>
public sealed class PostgresDatabase : IStorageDatabase, IAsyncDisposable
{
    // Advisory lock keys: any constant distinct from other applications' on the same database.
    internal const long MigrationLock = 0x546f6c6c_67617465;   // "Tollgate"
    internal const long RevocationFeedLock = MigrationLock + 1;
    internal const long ChangeFeedLock = MigrationLock + 2;
    /// <summary>The LISTEN/NOTIFY channel that tells nodes a change or a revocation committed.</summary>
    internal const string Channel = "tollgate_changes";
    private readonly NpgsqlDataSource _source;

    private readonly AuditChain? _chain;

    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="password">The password, when kept apart from the connection string.</param>
    /// <param name="chain">How audit entries are hashed; without it, a write carrying an audit record fails.</param>
    public PostgresDatabase(string connectionString, string? password = null, AuditChain? chain = null)
    {
        _chain = chain;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(password)) builder.Password = password;
        Description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        _source = NpgsqlDataSource.Create(builder);
    }

    public string Description { get; }

    /// <summary>Null when Npgsql accepts the connection string; otherwise what is wrong with it (never its password).</summary>
    public static string? CheckConnectionString(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrEmpty(builder.Host) ? "it names no Host" : null;
        }
        catch (ArgumentException e)
        {
            return e.Message.Split(" (Parameter", 2)[0];
        }
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await ExecAsync(connection, $"SELECT pg_advisory_lock({MigrationLock})", cancellationToken);
        try
        {
            await ExecAsync(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version bigint PRIMARY KEY, applied_at bigint NOT NULL)", cancellationToken);
            var applied = new HashSet<long>();
            await using (var cmd = new NpgsqlCommand("SELECT version FROM schema_migrations", connection))
            await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
                while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetInt64(0));

            var migrations = MigrationScripts.For("Postgres");
            if (applied.Count > 0 && applied.Max() > migrations[^1].Version) throw new SchemaTooNewException(Description, migrations[^1].Version, applied.Max());
            foreach (var (version, sql) in migrations)
            {
                if (applied.Contains(version)) continue;
                await using var tx = await connection.BeginTransactionAsync(cancellationToken);
                await using (var cmd = new NpgsqlCommand(sql, connection, tx)) await cmd.ExecuteNonQueryAsync(cancellationToken);
                await using (var cmd = new NpgsqlCommand("INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @t)", connection, tx))
                {
                    cmd.With("v", version).With("t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                    await cmd.ExecuteNonQueryAsync(cancellationToken);
                }
                await tx.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            await ExecAsync(connection, $"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None);
        }
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        if (await QueryAsync("SELECT 1", _ => { }, r => r.GetInt32(0), cancellationToken) is not [1])
            throw new InvalidOperationException("the database answered SELECT 1 unexpectedly");
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Action<NpgsqlCommand> bind, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var cmd = _source.CreateCommand(sql);
        bind(cmd);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
        return rows;
    }

    /// <summary>Runs one statement; returns the number of rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        await using var cmd = _source.CreateCommand(sql);
        bind(cmd);
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in one transaction: all of it is written, or none.</summary>
    public async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, tx);
        await tx.CommitAsync(cancellationToken);
        return result;
    }

    internal AuditChain Chain => _chain ?? throw new InvalidOperationException("This database was opened without an audit chain key; it cannot write audit entries.");

    /// <summary>
    /// An admin write: <paramref name="work"/> and, when it changed something, its entry in the
    /// change feed, its audit entry (when <paramref name="audit"/> is given) and a notification, all
    /// in one transaction (a node that misses the notification still finds the entry; a write that
    /// fails leaves none of them).
    /// </summary>
    public Task<bool> WriteAsync(string entity, string id, AuditRecord? audit, Func<NpgsqlConnection, NpgsqlTransaction, Task<bool>> work, CancellationToken cancellationToken)
        => InTransactionAsync(async (connection, tx) =>
        {
            if (!await work(connection, tx)) return false;
            await using var cmd = new NpgsqlCommand(
                $"SELECT pg_advisory_xact_lock({ChangeFeedLock}); INSERT INTO changes (entity, entity_id, at) VALUES (@entity, @id, @at); SELECT pg_notify('{Channel}', 'c')",
                connection, tx).With("entity", entity).With("id", id).With("at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            if (audit is not null) await PostgresAuditStore.AppendAsync(connection, tx, audit, Chain, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>One statement as an admin write; true when it changed a row.</summary>
    public Task<bool> WriteAsync(string entity, string id, AuditRecord? audit, string sql, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
        => WriteAsync(entity, id, audit, async (connection, tx) =>
        {
            await using var cmd = new NpgsqlCommand(sql, connection, tx);
            bind(cmd);
            return await cmd.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    /// <summary>A connection of its own, outside the pool's sharing: for LISTEN and held locks.</summary>
    public async Task<NpgsqlConnection> OpenDedicatedAsync(CancellationToken cancellationToken)
    {
        var connection = _source.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private static async Task ExecAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
