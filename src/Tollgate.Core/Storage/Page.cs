namespace Tollgate.Core.Storage;

/// <summary>One page of a list; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Where a list resumes: at most <see cref="Limit"/> items after <see cref="Cursor"/>.</summary>
public sealed record PageRequest(int Limit, string? Cursor)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}

/// <summary>List cursors: the opaque form of the last row's sequence number.</summary>
public static class PageCursor
{
    public static string Encode(long seq) => "c" + seq.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>0 without a cursor; null for a cursor that is not one of ours.</summary>
    public static long? Decode(string? cursor)
        => cursor is null ? 0
            : cursor.StartsWith('c') && long.TryParse(cursor.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq) ? seq
            : null;
}
