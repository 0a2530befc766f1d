using Npgsql;
using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Storage.Postgres;

namespace Tollgate.Server.Tests.Cluster;

/// <summary>
/// Work that runs once (key schedule, purges, bootstrap) is held by a PostgreSQL session advisory
/// lock: while one node holds it the others wait, and a holder that dies releases it at once.
/// </summary>
public sealed class ClusterLockTests
{
    [Fact]
    public async Task Lock_HeldByOneNode_WaitsTheOther_AndADeadHoldersLockIsTakenOverAtOnce()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var nodeA = new PostgresDatabase(connectionString);
        await using var nodeB = new PostgresDatabase(connectionString);
        var held = await new PostgresClusterLock(nodeA).AcquireAsync("key-schedule", CancellationToken.None);

        var waiting = new PostgresClusterLock(nodeB).AcquireAsync("key-schedule", CancellationToken.None);
        var other = await new PostgresClusterLock(nodeB).AcquireAsync("housekeeping", CancellationToken.None); // another name is free
        await other.DisposeAsync();
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "node B got a lock node A holds");

        // Node A dies: its session ends (as when a killed process's socket closes).
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                """
                SELECT bool_and(pg_terminate_backend(pid)) FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """, admin);
            Assert.Equal(true, await kill.ExecuteScalarAsync());
        }
        var started = DateTime.UtcNow;
        await using var taken = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        await held.DisposeAsync(); // the dead holder's release finds its connection gone, quietly
    }
}
