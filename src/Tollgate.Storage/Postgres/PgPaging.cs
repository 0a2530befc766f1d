using Npgsql;
using Tollgate.Core.Storage;

namespace Tollgate.Storage.Postgres;

/// <summary>Keyset paging on each table's <c>seq</c>: one row more than asked tells whether there is a next page.</summary>
internal static class PgPaging
{
    public static void Bind(NpgsqlCommand cmd, PageRequest page)
        => cmd.With("after", PageCursor.Decode(page.Cursor) ?? 0).With("limit", page.Limit + 1);

    public static Page<T> ToPage<T>(List<(long Seq, T Item)> rows, PageRequest page)
    {
        var more = rows.Count > page.Limit;
        var items = rows.Take(page.Limit).Select(r => r.Item).ToList();
        return new Page<T>(items, more ? PageCursor.Encode(rows[page.Limit - 1].Seq) : null);
    }
}
