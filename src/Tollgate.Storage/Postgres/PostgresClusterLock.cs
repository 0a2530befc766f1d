using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Tollgate.Core.Storage;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// Cluster locks as PostgreSQL session advisory locks, each held by a connection of its own: the
/// server releases it when the holder unlocks, closes the connection, or dies (a killed node's
/// socket closes, so another node takes over at once; a node cut off by the network loses it when
/// the server's TCP keepalives give up on the connection, within <see cref="PartitionedHolderTimeout"/>).
/// </summary>
public sealed class PostgresClusterLock(PostgresDatabase db) : IClusterLock
{
    // Server-side keepalives for the holder's session (idle 10 s, then 4 probes 5 s apart), instead
    // of the operating system's default of two hours of silence before a dead peer is noticed.
    private const string Keepalives = "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 4; ";

    /// <summary>How long at most a lock outlives a holder that the network cut off from the database.</summary>
    public static readonly TimeSpan PartitionedHolderTimeout = TimeSpan.FromSeconds(10 + 5 * 4);

    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        var connection = await db.OpenDedicatedAsync(cancellationToken);
        try
        {
            await using var cmd = new NpgsqlCommand(Keepalives + "SELECT pg_advisory_lock(@key)", connection).With("key", KeyOf(name));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            return new Held(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A stable 64-bit key per name, apart from the migration and feed locks' constants.</summary>
    private static long KeyOf(string name)
        => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("tollgate cluster lock " + name)), 0);

    private sealed class Held(NpgsqlConnection connection) : IAsyncDisposable
    {
        // Closing the connection ends the session and with it the lock; an explicit unlock first
        // keeps the pooled physical connection from carrying it.
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var cmd = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
                await cmd.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException) { }
            await connection.DisposeAsync();
        }
    }
}
