using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Tollgate.Core.Storage;

namespace Tollgate.Storage.Sqlite;

/// <summary>
/// The SQLite file: WAL journal, foreign keys on, migrations applied in order on start. Connections
/// are opened and configured once and reused, so a hot-path query costs only the query.
/// </summary>
public sealed class SqliteDatabase : IStorageDatabase, IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly ConcurrentBag<SqliteConnection> _idle = new();

    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString();
    }

    public string Path { get; }

    public string Description => $"SQLite {Path}";

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        if (await QueryAsync("SELECT 1", _ => { }, r => r.GetInt64(0), cancellationToken) is not [1])
            throw new InvalidOperationException("the database answered SELECT 1 unexpectedly");
    }

    /// <summary>Creates the file when missing, switches it to WAL and applies pending migrations.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var lease = await RentAsync(cancellationToken);
        var connection = lease.Connection;
        await Exec(connection, "PRAGMA journal_mode = WAL;", cancellationToken);
        await Exec(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);", cancellationToken);

        var applied = new HashSet<long>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT version FROM schema_migrations";
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetInt64(0));
        }

        var migrations = MigrationScripts.For("Sqlite");
        if (applied.Count > 0 && applied.Max() > migrations[^1].Version) throw new SchemaTooNewException(Description, migrations[^1].Version, applied.Max());
        foreach (var (version, sql) in migrations)
        {
            if (applied.Contains(version)) continue;
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using (var cmd = connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = sql;
                await cmd.ExecuteNonQueryAsync(cancellationToken);
                cmd.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES ($v, $t)";
                cmd.Parameters.AddWithValue("$v", version);
                cmd.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            await tx.CommitAsync(cancellationToken);
        }
    }

    public async ValueTask<Lease> RentAsync(CancellationToken cancellationToken)
    {
        if (_idle.TryTake(out var idle)) return new Lease(this, idle);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await Exec(connection, "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = 67108864;", cancellationToken);
        return new Lease(this, connection);
    }

    /// <summary>A connection borrowed from the database; disposing gives it back.</summary>
    public readonly struct Lease(SqliteDatabase owner, SqliteConnection connection) : IAsyncDisposable
    {
        public SqliteConnection Connection { get; } = connection;

        public ValueTask DisposeAsync()
        {
            if (Connection.State == System.Data.ConnectionState.Open) owner._idle.Add(Connection);
            else Connection.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var connection)) await connection.DisposeAsync();
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var lease = await RentAsync(cancellationToken);
        await using var cmd = lease.Connection.Command(sql);
        bind(cmd);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
        return rows;
    }

    /// <summary>Runs one statement; returns the number of rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var lease = await RentAsync(cancellationToken);
        await using var cmd = lease.Connection.Command(sql);
        bind(cmd);
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in one transaction: all of it is written, or none.</summary>
    public async Task<T> InTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var lease = await RentAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await lease.Connection.BeginTransactionAsync(cancellationToken);
        var result = await work(lease.Connection, tx);
        await tx.CommitAsync(cancellationToken);
        return result;
    }

    private static async Task Exec(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
