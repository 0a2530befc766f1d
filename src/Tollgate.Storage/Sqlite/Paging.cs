using Microsoft.Data.Sqlite;
using Tollgate.Core.Storage;

namespace Tollgate.Storage.Sqlite;

/// <summary>The parameters of keyset paging (<see cref="Rows.ToPage"/> reads the page).</summary>
internal static class Paging
{
    public static void Bind(SqliteCommand cmd, PageRequest page)
        => cmd.With("$after", PageCursor.Decode(page.Cursor) ?? 0).With("$limit", page.Limit + 1);
}
