using System.Text.Json;

namespace Tollgate.Authorizer.Revocation;

/// <summary>
/// The revocation feed's wire format, written by the server's <c>GET /revocations</c> and read by
/// every authorizer (<see cref="FeedPageReader"/>), so both sides name each field once:
/// <c>{"version": n, "more": bool, "entries": [{"seq", "type", "jti", "client_id", "aud",
/// "issued_until", "scope", "exp"}, …]}</c>, absent fields left out, times in Unix seconds.
/// See docs/revocation.md.
/// </summary>
public static class RevocationFeedFormat
{
    public const string Token = "token";
    public const string Client = "client";
    public const string Grant = "grant";

    internal static ReadOnlySpan<byte> VersionField => "version"u8;
    internal static ReadOnlySpan<byte> MoreField => "more"u8;
    internal static ReadOnlySpan<byte> EntriesField => "entries"u8;
    internal static ReadOnlySpan<byte> SeqField => "seq"u8;
    internal static ReadOnlySpan<byte> TypeField => "type"u8;
    internal static ReadOnlySpan<byte> JtiField => "jti"u8;
    internal static ReadOnlySpan<byte> ClientIdField => "client_id"u8;
    internal static ReadOnlySpan<byte> AudienceField => "aud"u8;
    internal static ReadOnlySpan<byte> IssuedUntilField => "issued_until"u8;
    internal static ReadOnlySpan<byte> ScopeField => "scope"u8;
    internal static ReadOnlySpan<byte> ExpiresField => "exp"u8;

    /// <summary>A page's properties, into an object the caller has opened.</summary>
    public static void WritePage(Utf8JsonWriter json, long version, bool more, IEnumerable<FeedEntry> entries)
    {
        json.WriteNumber(VersionField, version);
        json.WriteBoolean(MoreField, more);
        json.WriteStartArray(EntriesField);
        foreach (var entry in entries) WriteEntry(json, entry);
        json.WriteEndArray();
    }

    /// <summary>A whole page as UTF-8 JSON.</summary>
    public static byte[] Page(long version, bool more, IEnumerable<FeedEntry> entries)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WritePage(json, version, more, entries);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static void WriteEntry(Utf8JsonWriter json, FeedEntry entry)
    {
        json.WriteStartObject();
        json.WriteNumber(SeqField, entry.Seq);
        json.WriteString(TypeField, entry.Type);
        if (entry.Jti is not null) json.WriteString(JtiField, entry.Jti);
        if (entry.ClientId is not null) json.WriteString(ClientIdField, entry.ClientId);
        if (entry.Audience is not null) json.WriteString(AudienceField, entry.Audience);
        if (entry.IssuedUntil is { } until) json.WriteNumber(IssuedUntilField, until);
        if (entry.Type == Grant) json.WriteString(ScopeField, string.Join(' ', entry.Scopes));
        json.WriteNumber(ExpiresField, entry.Expires);
        json.WriteEndObject();
    }
}
