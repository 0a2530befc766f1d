using System.Text.Json;
using Tollgate.Authorizer.Jwt;

namespace Tollgate.Authorizer.Dpop;

/// <summary>
/// Splits a compact JWS into its parsed header and payload (JsonDocument: no reflection, so it
/// stays AOT-safe) without trusting either. The signature is checked by the validator.
/// </summary>
internal static class DpopProofReader
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 8 };

    public sealed record Parts(JsonDocument Header, JsonDocument Payload, int SignatureDot);

    public static Parts? Read(string proof)
    {
        var dot1 = proof.IndexOf('.');
        var dot2 = dot1 < 0 ? -1 : proof.IndexOf('.', dot1 + 1);
        if (dot1 <= 0 || dot2 <= dot1 + 1 || dot2 == proof.Length - 1 || proof.IndexOf('.', dot2 + 1) >= 0) return null;
        var header = Parse(proof.AsSpan(0, dot1));
        if (header is null) return null;
        var payload = Parse(proof.AsSpan(dot1 + 1, dot2 - dot1 - 1));
        if (payload is null || header.RootElement.ValueKind != JsonValueKind.Object || payload.RootElement.ValueKind != JsonValueKind.Object)
        {
            header.Dispose();
            payload?.Dispose();
            return null;
        }
        return new Parts(header, payload, dot2);
    }

    /// <summary>The first member name an object repeats (parsers disagree on which copy wins), or null.</summary>
    public static string? Duplicated(JsonElement obj)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in obj.EnumerateObject())
            if (!seen.Add(member.Name)) return member.Name;
        return null;
    }

    private static JsonDocument? Parse(ReadOnlySpan<char> part)
    {
        var bytes = new byte[Base64Url.GetMaxDecodedLength(part.Length)];
        if (!Base64UrlDecoder.TryDecode(part, bytes, out var written)) return null;
        try { return JsonDocument.Parse(bytes.AsMemory(0, written), Options); }
        catch (JsonException) { return null; }
    }
}
