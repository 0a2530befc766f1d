using System.Text.Json;

namespace Tollgate.Authorizer.Jwt;

/// <summary>
/// Reads the claims an access token decision needs (RFC 7519 / RFC 9068) with their JSON types
/// checked. A repeated claim among these is malformed: parsers disagree on which copy wins.
/// </summary>
internal static class JwtPayloadReader
{
    private const int Iss = 1, Sub = 2, ClientId = 4, Jti = 8, Aud = 16, Exp = 32, Nbf = 64, Iat = 128, Scope = 256, Scp = 512, Cnf = 1024;

    public static string? Read(ReadOnlySpan<byte> json, JwtContent content)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return "payload is not a JSON object";
        var seen = 0;
        string[]? scp = null, aud = null;
        string? scope = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var claim = Claim(ref reader);
            if ((seen & claim) != 0) return "payload repeats a claim";
            seen |= claim;
            reader.Read();
            var error = claim switch
            {
                Iss => String(ref reader, "iss", out content.Issuer),
                Sub => String(ref reader, "sub", out content.Subject),
                ClientId => String(ref reader, "client_id", out content.ClientId),
                Jti => String(ref reader, "jti", out content.Jti),
                Aud => Strings(ref reader, "aud", out aud),
                Exp => Time(ref reader, "exp", out content.ExpiresAt),
                Nbf => Time(ref reader, "nbf", out content.NotBefore),
                Iat => Time(ref reader, "iat", out content.IssuedAt),
                Scope => String(ref reader, "scope", out scope),
                Scp => Strings(ref reader, "scp", out scp),
                Cnf => Confirmation(ref reader, out content.Jkt, out content.X5t),
                _ => Skip(ref reader),
            };
            if (error is not null) return error;
        }
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return "payload is not a single JSON object";
        content.Audiences = aud ?? [];
        content.Scopes = scope is not null ? SplitScope(scope) : scp ?? [];
        return null;
    }

    public static string[] SplitScope(string scope) => scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static int Claim(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("iss"u8) ? Iss
        : reader.ValueTextEquals("sub"u8) ? Sub
        : reader.ValueTextEquals("client_id"u8) ? ClientId
        : reader.ValueTextEquals("jti"u8) ? Jti
        : reader.ValueTextEquals("aud"u8) ? Aud
        : reader.ValueTextEquals("exp"u8) ? Exp
        : reader.ValueTextEquals("nbf"u8) ? Nbf
        : reader.ValueTextEquals("iat"u8) ? Iat
        : reader.ValueTextEquals("scope"u8) ? Scope
        : reader.ValueTextEquals("scp"u8) ? Scp
        : reader.ValueTextEquals("cnf"u8) ? Cnf
        : 0;

    private static string? Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    private static string? String(ref Utf8JsonReader reader, string name, out string? value)
    {
        value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return value is null ? $"{name} is not a string" : null;
    }

    /// <summary>
    /// RFC 7800 <c>cnf</c>: an object; its <c>jkt</c> (RFC 9449) and <c>x5t#S256</c> (RFC 8705) are
    /// read, other confirmation methods are skipped. A repeated member is malformed like any repeated claim.
    /// </summary>
    private static string? Confirmation(ref Utf8JsonReader reader, out string? jkt, out string? x5t)
    {
        jkt = null;
        x5t = null;
        if (reader.TokenType != JsonTokenType.StartObject) return "cnf is not an object";
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isJkt = reader.ValueTextEquals("jkt"u8);
            if (!isJkt && !reader.ValueTextEquals("x5t#S256"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            var name = isJkt ? "cnf.jkt" : "cnf.x5t#S256";
            if ((isJkt ? jkt : x5t) is not null) return $"cnf repeats {name[4..]}";
            reader.Read();
            if (String(ref reader, name, out var value) is { } error) return error;
            if (value!.Length == 0) return $"{name} is empty";
            if (isJkt) jkt = value;
            else x5t = value;
        }
        return null;
    }

    /// <summary>A string or an array of strings (aud, scp).</summary>
    private static string? Strings(ref Utf8JsonReader reader, string name, out string[]? values)
    {
        values = null;
        if (reader.TokenType == JsonTokenType.String)
        {
            values = name == "scp" ? SplitScope(reader.GetString()!) : [reader.GetString()!];
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartArray) return $"{name} is neither a string nor an array";
        var list = new List<string>(2);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String) return $"{name} holds a non-string";
            list.Add(reader.GetString()!);
        }
        values = [.. list];
        return null;
    }

    /// <summary>NumericDate: seconds since the epoch, fractions allowed (and dropped).</summary>
    private static string? Time(ref Utf8JsonReader reader, string name, out long? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.Number) return $"{name} is not a number";
        if (reader.TryGetInt64(out var seconds)) value = seconds;
        else if (reader.TryGetDouble(out var real) && double.IsFinite(real) && Math.Abs(real) < 1e15) value = (long)Math.Floor(real);
        else return $"{name} is out of range";
        return null;
    }
}
