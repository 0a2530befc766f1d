using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Contacts.Contacts;

/// <summary>An opaque paging cursor: the id of the last contact on the previous page.</summary>
public static class ContactCursor
{
    private const string Prefix = "after:";

    public static string Encode(long lastId)
        => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(Prefix + lastId.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The id after which the page starts; 0 for no cursor; null when the cursor is not one of ours.</summary>
    public static long? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return 0;
        if (cursor.Length > 64 || !Base64Url.IsValid(cursor)) return null;
        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        return text.StartsWith(Prefix, StringComparison.Ordinal)
               && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
               && id > 0
            ? id
            : null;
    }
}
