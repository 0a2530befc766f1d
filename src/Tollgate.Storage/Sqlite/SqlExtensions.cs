using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Tollgate.Storage.Sqlite;

internal static class SqlExtensions
{
    public static SqliteCommand Command(this SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    public static SqliteCommand With(this SqliteCommand cmd, string name, object? value)
    {
        cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    public static long Ms(this DateTimeOffset time) => time.ToUnixTimeMilliseconds();
    public static long? Ms(this DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    /// <summary>SQLite's constraint error for a UNIQUE or PRIMARY KEY violation.</summary>
    public static bool IsUniqueViolation(this SqliteException e) => e.SqliteErrorCode == 19 && e.SqliteExtendedErrorCode is 2067 or 1555;
}
