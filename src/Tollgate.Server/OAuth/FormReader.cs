using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.OAuth;

namespace Tollgate.Server.OAuth;

/// <summary>
/// Reads OAuth request parameters strictly: <c>application/x-www-form-urlencoded</c> (or, for the
/// token endpoint, a flat JSON object as Auth0 accepts), bounded in size, valid UTF-8, every
/// parameter at most once (RFC 6749 §3.2). Empty values count as absent.
/// </summary>
public static class FormReader
{
    private const int MaxValueLength = 4096;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async ValueTask<OAuthResult<Dictionary<string, string>>> ReadAsync(HttpRequest request, int maxBytes, bool allowJson)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var isJson = mediaType == "application/json";
        if (mediaType != "application/x-www-form-urlencoded" && !(allowJson && isJson))
            return OAuthError.InvalidRequest(allowJson
                ? "Content-Type must be application/x-www-form-urlencoded or application/json."
                : "Content-Type must be application/x-www-form-urlencoded.");
        if (request.ContentType!.Contains("charset=", StringComparison.OrdinalIgnoreCase)
            && !request.ContentType.Contains("charset=utf-8", StringComparison.OrdinalIgnoreCase))
            return OAuthError.InvalidRequest("The request body must be UTF-8.");
        if (request.ContentLength > maxBytes) return OAuthError.InvalidRequest($"The request body is larger than {maxBytes} bytes.");

        byte[]? body;
        try
        {
            body = await ReadBodyAsync(request.Body, maxBytes, request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException or OperationCanceledException)
        {
            // The client sent less than it announced, or went away: nothing to answer, nothing to log.
            return OAuthError.InvalidRequest("The request body ended before its announced length.");
        }
        if (body is null) return OAuthError.InvalidRequest($"The request body is larger than {maxBytes} bytes.");
        return isJson ? ParseJson(body) : ParseForm(body);
    }

    /// <summary>The whole body, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    private static async ValueTask<byte[]?> ReadBodyAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        using var collected = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (collected.Length + read > maxBytes) return null;
                collected.Write(chunk, 0, read);
            }
            return collected.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    internal static OAuthResult<Dictionary<string, string>> ParseForm(ReadOnlySpan<byte> body)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var range in body.Split((byte)'&'))
        {
            var pair = body[range];
            if (pair.IsEmpty) continue;
            var eq = pair.IndexOf((byte)'=');
            var name = Decode(eq < 0 ? pair : pair[..eq]);
            var value = Decode(eq < 0 ? [] : pair[(eq + 1)..]);
            if (name is null || value is null) return OAuthError.InvalidRequest("The form body is not valid percent-encoded UTF-8.");
            if (Add(parameters, name, value) is { } error) return error;
        }
        return parameters;
    }

    internal static OAuthResult<Dictionary<string, string>> ParseJson(byte[] body)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 4 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return OAuthError.InvalidRequest("The JSON body must be an object.");
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.Null => "",
                    _ => null,
                };
                if (value is null) return OAuthError.InvalidRequest($"'{Printable(property.Name)}' must be a string.");
                if (Add(parameters, property.Name, value) is { } error) return error;
            }
        }
        catch (JsonException)
        {
            return OAuthError.InvalidRequest("The body is not valid JSON.");
        }
        return parameters;
    }

    private static OAuthError? Add(Dictionary<string, string> parameters, string name, string value)
    {
        if (value.Length > MaxValueLength) return OAuthError.InvalidRequest($"'{Printable(name)}' is longer than {MaxValueLength} characters.");
        if (parameters.ContainsKey(name)) return OAuthError.InvalidRequest($"'{Printable(name)}' is repeated; each parameter may appear once.");
        parameters[name] = value;
        return null;
    }

    /// <summary>Percent-decoding with '+' as space; null for a bad escape or invalid UTF-8.</summary>
    internal static string? Decode(ReadOnlySpan<byte> encoded)
    {
        var buffer = encoded.Length <= 512 ? stackalloc byte[encoded.Length] : new byte[encoded.Length];
        var n = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == '+') buffer[n++] = (byte)' ';
            else if (b == '%')
            {
                if (i + 2 >= encoded.Length || !IsHex(encoded[i + 1]) || !IsHex(encoded[i + 2])) return null;
                buffer[n++] = (byte)(Hex(encoded[i + 1]) << 4 | Hex(encoded[i + 2]));
                i += 2;
            }
            else buffer[n++] = b;
        }
        try
        {
            return StrictUtf8.GetString(buffer[..n]);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>A parameter name safe to echo in an error: printable ASCII, shortened.</summary>
    internal static string Printable(string name)
    {
        var clean = new string(name.Where(c => c is >= ' ' and <= '~' and not '"' and not '\\').Take(40).ToArray());
        return clean.Length == 0 ? "(unnamed)" : clean;
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);
    private static int Hex(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
