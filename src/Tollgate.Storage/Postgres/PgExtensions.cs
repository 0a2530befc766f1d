using System.Collections.Immutable;
using Npgsql;
using NpgsqlTypes;

namespace Tollgate.Storage.Postgres;

/// <summary>Typed parameters (a null needs its type on PostgreSQL) and readers matching SQLite's.</summary>
internal static class PgExtensions
{
    public static NpgsqlCommand With(this NpgsqlCommand cmd, string name, string? value) => cmd.Add(name, NpgsqlDbType.Text, value);
    public static NpgsqlCommand With(this NpgsqlCommand cmd, string name, long? value) => cmd.Add(name, NpgsqlDbType.Bigint, value);
    public static NpgsqlCommand With(this NpgsqlCommand cmd, string name, int? value) => cmd.Add(name, NpgsqlDbType.Integer, value);
    public static NpgsqlCommand With(this NpgsqlCommand cmd, string name, bool value) => cmd.Add(name, NpgsqlDbType.Boolean, value);
    public static NpgsqlCommand With(this NpgsqlCommand cmd, string name, byte[] value) => cmd.Add(name, NpgsqlDbType.Bytea, value);
    /// <summary>Already-serialized JSON, sent as jsonb (not encoded again).</summary>
    public static NpgsqlCommand WithJsonText(this NpgsqlCommand cmd, string name, string json) => cmd.Add(name, NpgsqlDbType.Jsonb, json);
    public static NpgsqlCommand WithJson(this NpgsqlCommand cmd, string name, ImmutableArray<string>? value) => cmd.Add(name, NpgsqlDbType.Jsonb, value is { } list ? Rows.Json(list) : null);

    private static NpgsqlCommand Add(this NpgsqlCommand cmd, string name, NpgsqlDbType type, object? value)
    {
        cmd.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        return cmd;
    }

    public static long Ms(this DateTimeOffset time) => time.ToUnixTimeMilliseconds();
    public static long? Ms(this DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();
}
