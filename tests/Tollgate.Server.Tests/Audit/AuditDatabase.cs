using Microsoft.Data.Sqlite;
using Npgsql;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Audit;

/// <summary>Reaches past the server into its database, as someone with write access to it would: the tamper tests' tool.</summary>
public static class AuditDatabase
{
    public static async Task ExecuteAsync(TollgateHost host, string sql)
    {
        if (host is PostgresHost pg)
        {
            await using var connection = new NpgsqlConnection(pg.ConnectionString);
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand(sql, connection);
            await cmd.ExecuteNonQueryAsync();
            return;
        }
        await using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(host.DataDirectory, "tollgate.db"), Pooling = false,
        }.ToString());
        await sqlite.OpenAsync();
        await using var command = sqlite.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
