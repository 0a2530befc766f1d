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
    public static DateTimeOffset Time(this SqliteDataReader reader, int i) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(i));
    public static DateTimeOffset? TimeOrNull(this SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.Time(i);
    public static string? StringOrNull(this SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
    public static int? IntOrNull(this SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);

    public static string Json<T>(T value) => JsonSerializer.Serialize(value);
    public static T FromJson<T>(this SqliteDataReader reader, int i) => JsonSerializer.Deserialize<T>(reader.GetString(i))!;

    /// <summary>SQLite's constraint error for a UNIQUE or PRIMARY KEY violation.</summary>
    public static bool IsUniqueViolation(this SqliteException e) => e.SqliteErrorCode == 19 && e.SqliteExtendedErrorCode is 2067 or 1555;
}
