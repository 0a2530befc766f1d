using System.Buffers;
using System.Text.Json;

namespace Tollgate.Authorizer.Jwt;

/// <summary>
/// Reads a compact JWS without trusting it: three base64url parts, a JSON header and payload,
/// the registered claims with their expected JSON types, no duplicated claim that matters.
/// Anything else is malformed. Nothing here checks a signature or a value.
/// </summary>
internal static class JwtReader
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 16 };

    public static JwtContent? Read(string token, out string? error)
    {
        var span = token.AsSpan();
        var dot1 = span.IndexOf('.');
        var dot2 = dot1 < 0 ? -1 : span[(dot1 + 1)..].IndexOf('.') + dot1 + 1;
        if (dot1 <= 0 || dot2 <= dot1 + 1 || dot2 == span.Length - 1 || span[(dot2 + 1)..].Contains('.'))
        {
            error = "not a compact JWS: three non-empty dot-separated parts expected";
            return null;
        }
        if (!IsBase64Url(span[..dot2]) || !IsBase64Url(span[(dot2 + 1)..]))
        {
            error = "a part is not base64url";
            return null;
        }

        var content = new JwtContent { SignatureDot = dot2 };
        var buffer = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(dot2));
        try
        {
            error = Decode(span[..dot1], buffer, out var header) ?? ReadHeader(header, content);
            if (error is not null) return null;
            error = Decode(span[(dot1 + 1)..dot2], buffer, out var payload) ?? JwtPayloadReader.Read(payload, content);
            return error is null ? content : null;
        }
        catch (JsonException)
        {
            error = "header or payload is not valid JSON";
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string? Decode(ReadOnlySpan<char> part, byte[] buffer, out ReadOnlySpan<byte> json)
    {
        json = default;
        if (!Base64UrlDecoder.TryDecode(part, buffer, out var written)) return "a part does not decode as base64url";
        json = buffer.AsSpan(0, written);
        return null;
    }

    private static string? ReadHeader(ReadOnlySpan<byte> json, JwtContent content)
    {
        var reader = new Utf8JsonReader(json, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return "header is not a JSON object";
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var bit = reader.ValueTextEquals("alg"u8) ? 1 : reader.ValueTextEquals("kid"u8) ? 2 : reader.ValueTextEquals("typ"u8) ? 4 : reader.ValueTextEquals("crit"u8) ? 8 : 0;
            if ((seen & bit) != 0) return "header repeats a member";
            seen |= bit;
            reader.Read();
            switch (bit)
            {
                case 1:
                    if (reader.TokenType != JsonTokenType.String) return "alg is not a string";
                    content.Algorithm = FindAlgorithm(ref reader);
                    if (content.Algorithm is null) content.AlgorithmName = reader.GetString();
                    break;
                case 2:
                    if (reader.TokenType != JsonTokenType.String) return "kid is not a string";
                    content.Kid = reader.GetString();
                    break;
                case 4:
                    if (reader.TokenType != JsonTokenType.String) return "typ is not a string";
                    content.Typ = reader.GetString();
                    break;
                case 8:
                    content.HasCrit = true;
                    reader.Skip();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return "header is not a single JSON object";
        if ((seen & 1) == 0) return "header has no alg";
        if (content.HasCrit) return "header has crit: no extension is understood here";
        return null;
    }

    private static JwsAlgorithm? FindAlgorithm(ref Utf8JsonReader reader)
    {
        foreach (var alg in JwsAlgorithm.All)
            if (reader.ValueTextEquals(alg.Utf8Name)) return alg;
        return null;
    }

    // '.' is allowed: the header.payload span holds the one dot between them (the rest is checked above).
    private static readonly SearchValues<char> Base64UrlAndDot =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    private static bool IsBase64Url(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(Base64UrlAndDot);
}
