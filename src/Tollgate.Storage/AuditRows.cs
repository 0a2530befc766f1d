using System.Data.Common;
using Tollgate.Core.Audit;

namespace Tollgate.Storage;

/// <summary>The audit tables' columns, row reader and list filter, the same for every provider (only the parameter prefix differs).</summary>
internal static class AuditRows
{
    public const string Columns = "id, at, actor, address, action, resource_kind, resource_id, before_json, after_json, previous_hash, hash";

    public const string Insert = "INSERT INTO audit_entries (" + Columns + ") VALUES ({0}id, {0}at, {0}actor, {0}address, {0}action, {0}kind, {0}rid, " +
                                 "{0}before, {0}after, {0}prev, {0}hash)";

    public static (long Id, AuditEntry Entry) Entry(DbDataReader r)
    {
        var record = new AuditRecord(r.Time(1), r.GetString(2), r.StringOrNull(3), r.GetString(4), r.GetString(5), r.GetString(6),
            r.StringOrNull(7), r.StringOrNull(8));
        return (r.GetInt64(0), new AuditEntry(r.GetInt64(0), record, r.GetString(9), r.GetString(10)));
    }

    public static AuditState State(DbDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3));

    /// <summary>The parameters of <see cref="Insert"/> for one sealed entry.</summary>
    public static IEnumerable<(string Name, object? Value)> Values(AuditEntry e) =>
    [
        ("id", e.Id), ("at", e.Record.At.ToUnixTimeMilliseconds()), ("actor", e.Record.Actor), ("address", e.Record.Address),
        ("action", e.Record.Action), ("kind", e.Record.ResourceKind), ("rid", e.Record.ResourceId), ("before", e.Record.Before),
        ("after", e.Record.After), ("prev", e.PreviousHash), ("hash", e.Hash),
    ];

    /// <summary>The WHERE clause of a filtered page (ids after the cursor) and its parameters (strings and longs).</summary>
    public static (string Sql, List<(string Name, object Value)> Parameters) Where(AuditFilter filter, long afterId, string prefix)
    {
        var clauses = new List<string> { $"id > {prefix}after" };
        var parameters = new List<(string, object)> { ("after", afterId) };
        void Add(string column, string name, string op, object? value)
        {
            if (value is null) return;
            clauses.Add($"{column} {op} {prefix}{name}");
            parameters.Add((name, value));
        }
        Add("resource_kind", "kind", "=", filter.ResourceKind);
        Add("resource_id", "rid", "=", filter.ResourceId);
        Add("actor", "actor", "=", filter.Actor);
        Add("action", "action", "=", filter.Action);
        Add("at", "from", ">=", filter.From?.ToUnixTimeMilliseconds());
        Add("at", "to", "<", filter.To?.ToUnixTimeMilliseconds());
        return (string.Join(" AND ", clauses), parameters);
    }
}
