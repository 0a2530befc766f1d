using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Tollgate.Core.Keys;

namespace Tollgate.Core.Tokens;

/// <summary>
/// Writes compact JWS tokens: header, claims written straight to UTF-8, signature. Nothing is
/// parsed or reflected on the way, so the cost is the signature itself.
/// </summary>
public static class JwtWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(SigningKey key, string typ, Action<Utf8JsonWriter> writeClaims)
    {
        var payload = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(payload, WriterOptions))
        {
            json.WriteStartObject();
            writeClaims(json);
            json.WriteEndObject();
        }

        // alg, kid (base64url) and typ never need JSON escaping.
        var header = System.Text.Encoding.UTF8.GetBytes($"{{\"alg\":\"{key.Alg}\",\"kid\":\"{key.Kid}\",\"typ\":\"{typ}\"}}");
        var headerLength = Base64Url.GetEncodedLength(header.Length);
        var payloadLength = Base64Url.GetEncodedLength(payload.WrittenCount);
        var signingInput = new byte[headerLength + 1 + payloadLength];
        Base64Url.EncodeToUtf8(header, signingInput);
        signingInput[headerLength] = (byte)'.';
        Base64Url.EncodeToUtf8(payload.WrittenSpan, signingInput.AsSpan(headerLength + 1));

        var signature = key.Sign(signingInput);
        return string.Create(signingInput.Length + 1 + Base64Url.GetEncodedLength(signature.Length), (signingInput, signature), static (chars, state) =>
        {
            for (var i = 0; i < state.signingInput.Length; i++) chars[i] = (char)state.signingInput[i];
            chars[state.signingInput.Length] = '.';
            Base64Url.EncodeToChars(state.signature, chars[(state.signingInput.Length + 1)..]);
        });
    }

    /// <summary>RFC 9068 access token claims.</summary>
    public static string WriteAccessToken(SigningKey key, AccessTokenClaims claims) => Write(key, "at+jwt", json =>
    {
        json.WriteString("iss", claims.Issuer);
        json.WriteString("sub", claims.Subject);
        json.WriteString("aud", claims.Audience);
        json.WriteString("client_id", claims.ClientId);
        json.WriteString("scope", claims.Scope);
        json.WriteNumber("iat", claims.IssuedAt.ToUnixTimeSeconds());
        json.WriteNumber("exp", claims.ExpiresAt.ToUnixTimeSeconds());
        json.WriteString("jti", claims.Jti);
        WriteConfirmation(json, claims.Jkt, claims.X5t);
    });

    /// <summary>
    /// RFC 7800 <c>cnf</c>, when the token is bound: <c>jkt</c> for a DPoP key (RFC 9449 §6),
    /// <c>x5t#S256</c> for a TLS client certificate (RFC 8705 §3.1). Nothing for a bearer token.
    /// </summary>
    public static void WriteConfirmation(Utf8JsonWriter json, string? jkt, string? x5t)
    {
        if (jkt is null && x5t is null) return;
        json.WriteStartObject("cnf");
        if (jkt is not null) json.WriteString("jkt", jkt);
        if (x5t is not null) json.WriteString("x5t#S256", x5t);
        json.WriteEndObject();
    }
}
