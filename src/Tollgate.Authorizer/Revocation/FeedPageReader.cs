using System.Text.Json;

namespace Tollgate.Authorizer.Revocation;

/// <summary>One page of the feed (<see cref="RevocationFeedFormat"/>).</summary>
internal sealed record FeedPage(long Version, bool More, RevocationBatch Entries);

/// <summary>
/// Reads a feed page with <see cref="Utf8JsonReader"/> straight from the response bytes. A token
/// entry's jti is hashed from its UTF-8 bytes where it lies: no string per token entry. Client and
/// grant entries must carry what their rule needs; a page with an incomplete entry is refused
/// whole (<see cref="JsonException"/>). Entries already past <c>exp</c> are counted and dropped.
/// </summary>
internal static class FeedPageReader
{
    public static FeedPage Read(ReadOnlySpan<byte> json, long now)
    {
        var reader = new Utf8JsonReader(json);
        Expect(ref reader, JsonTokenType.StartObject);
        long? version = null;
        var more = false;
        var batch = new RevocationBatch();
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(RevocationFeedFormat.VersionField)) { Next(ref reader); version = reader.GetInt64(); }
            else if (reader.ValueTextEquals(RevocationFeedFormat.MoreField)) { Next(ref reader); more = reader.GetBoolean(); }
            else if (reader.ValueTextEquals(RevocationFeedFormat.EntriesField))
            {
                Expect(ref reader, JsonTokenType.StartArray);
                while (Next(ref reader) == JsonTokenType.StartObject) ReadEntry(ref reader, batch, now);
                if (reader.TokenType != JsonTokenType.EndArray) throw new JsonException("entries: expected objects");
            }
            else { Next(ref reader); reader.Skip(); }
        }
        if (version is not { } v || v < 0) throw new JsonException("version: a number is required");
        return new FeedPage(v, more, batch);
    }

    private static void ReadEntry(ref Utf8JsonReader reader, RevocationBatch batch, long now)
    {
        string? type = null, clientId = null, audience = null, scope = null;
        ulong jti = 0;
        long? issuedUntil = null, expires = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(RevocationFeedFormat.TypeField)) type = ReadString(ref reader);
            else if (reader.ValueTextEquals(RevocationFeedFormat.JtiField)) jti = ReadJti(ref reader);
            else if (reader.ValueTextEquals(RevocationFeedFormat.ClientIdField))
            {
                // Token entries name their client too (after their type), but need no string for it.
                if (type == RevocationFeedFormat.Token) { Next(ref reader); reader.Skip(); }
                else clientId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(RevocationFeedFormat.AudienceField)) audience = ReadString(ref reader);
            else if (reader.ValueTextEquals(RevocationFeedFormat.ScopeField)) scope = ReadString(ref reader);
            else if (reader.ValueTextEquals(RevocationFeedFormat.IssuedUntilField)) { Next(ref reader); issuedUntil = reader.GetInt64(); }
            else if (reader.ValueTextEquals(RevocationFeedFormat.ExpiresField)) { Next(ref reader); expires = reader.GetInt64(); }
            else { Next(ref reader); reader.Skip(); }
        }

        if (expires is not { } exp) throw new JsonException("entry without exp");
        if (type is not (RevocationFeedFormat.Token or RevocationFeedFormat.Client or RevocationFeedFormat.Grant)) { batch.Unknown++; return; }
        if (!RevocationRule.IsLive(exp, now)) { batch.Expired++; return; }
        switch (type)
        {
            case RevocationFeedFormat.Token:
                if (jti == 0) throw new JsonException("token entry without jti");
                batch.Tokens.Add(new TokenRevocation(jti, JtiTable.ToExpiry(exp)));
                break;
            case RevocationFeedFormat.Client:
                if (string.IsNullOrEmpty(clientId) || issuedUntil is null) throw new JsonException("client entry needs client_id and issued_until");
                batch.Principals.Add(new PrincipalRevocation(clientId, null, issuedUntil.Value, [], exp));
                break;
            default:
                if (string.IsNullOrEmpty(clientId) || audience is null || issuedUntil is null || scope is null)
                    throw new JsonException("grant entry needs client_id, aud, issued_until and scope");
                batch.Principals.Add(new PrincipalRevocation(clientId, audience, issuedUntil.Value, scope.Split(' ', StringSplitOptions.RemoveEmptyEntries), exp));
                break;
        }
    }

    private static ulong ReadJti(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("jti: expected a string");
        if (!reader.ValueIsEscaped && !reader.HasValueSequence) return reader.ValueSpan.Length == 0 ? 0 : JtiHash.Of(reader.ValueSpan);
        var jti = reader.GetString()!;
        return jti.Length == 0 ? 0 : JtiHash.Of(jti);
    }

    private static string ReadString(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("expected a string");
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader)
        => reader.Read() ? reader.TokenType : throw new JsonException("the page ends too soon");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (Next(ref reader) != type) throw new JsonException($"expected {type}");
    }
}
