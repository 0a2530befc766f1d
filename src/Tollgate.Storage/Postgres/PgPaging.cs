using Npgsql;
using Tollgate.Core.Storage;

namespace Tollgate.Storage.Postgres;

/// <summary>The parameters of keyset paging (<see cref="Rows.ToPage"/> reads the page).</summary>
internal static class PgPaging
{
    public static void Bind(NpgsqlCommand cmd, PageRequest page)
        => cmd.With("after", PageCursor.Decode(page.Cursor) ?? 0).With("limit", page.Limit + 1);
}
