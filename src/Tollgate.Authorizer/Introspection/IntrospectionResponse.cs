using System.Text.Json;
using Tollgate.Authorizer.Jwt;
using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.Introspection;

/// <summary>Reads an RFC 7662 answer: <c>active</c> must be a boolean; claims are typed as in a JWT.</summary>
internal static class IntrospectionResponse
{
    /// <returns>The token when active; null when inactive.</returns>
    /// <exception cref="FormatException">The answer is not an RFC 7662 response.</exception>
    public static ValidatedToken? Read(ReadOnlySpan<byte> json, string fallbackIssuer)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("answer is not a JSON object");
        if (!root.TryGetProperty("active", out var active) || active.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            throw new FormatException("answer has no boolean 'active'");
        if (active.ValueKind == JsonValueKind.False) return null;

        var scope = String(root, "scope");
        return new ValidatedToken
        {
            Issuer = String(root, "iss") ?? fallbackIssuer,
            Subject = String(root, "sub"),
            ClientId = String(root, "client_id"),
            Jti = String(root, "jti"),
            Audiences = Strings(root, "aud"),
            Scopes = scope is null ? [] : JwtPayloadReader.SplitScope(scope),
            ExpiresAt = Time(root, "exp"),
            IssuedAt = Time(root, "iat"),
            Jkt = Confirmation(root, "jkt"),
            X5t = Confirmation(root, "x5t#S256"),
        };
    }

    /// <summary>RFC 7662 §2.2: <c>cnf.jkt</c> of a DPoP-bound token (RFC 9449 §6.2), <c>cnf.x5t#S256</c> of a certificate-bound one (RFC 8705 §3.2).</summary>
    private static string? Confirmation(JsonElement root, string member)
    {
        if (!root.TryGetProperty("cnf", out var cnf) || cnf.ValueKind == JsonValueKind.Null) return null;
        if (cnf.ValueKind != JsonValueKind.Object) throw new FormatException("'cnf' is not an object");
        return String(cnf, member) is { Length: > 0 } value ? value : null;
    }

    private static string? String(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new FormatException($"'{name}' is not a string");
    }

    private static string[] Strings(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return [];
        if (value.ValueKind == JsonValueKind.String) return [value.GetString()!];
        if (value.ValueKind != JsonValueKind.Array) throw new FormatException($"'{name}' is neither a string nor an array");
        return [.. value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new FormatException($"'{name}' holds a non-string"))];
    }

    private static DateTimeOffset? Time(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number) throw new FormatException($"'{name}' is not a number");
        return DateTimeOffset.FromUnixTimeSeconds(value.TryGetInt64(out var seconds) ? seconds : (long)Math.Floor(value.GetDouble()));
    }
}
