using Tollgate.Core.Keys;
using Tollgate.Core.Tokens;

namespace Tollgate.Core.Introspection;

/// <summary>
/// The RFC 9701 signed introspection response (<c>typ: token-introspection+jwt</c>): the RFC 7662
/// answer sits in the <c>token_introspection</c> claim, addressed to the client that asked.
/// </summary>
public static class IntrospectionJwt
{
    public static string Write(SigningKey key, string issuer, string requester, DateTimeOffset now, AccessTokenClaims? token)
        => JwtWriter.Write(key, "token-introspection+jwt", json =>
        {
            json.WriteString("iss", issuer);
            json.WriteString("aud", requester);
            json.WriteNumber("iat", now.ToUnixTimeSeconds());
            json.WriteString("jti", Secrets.Ids.New("", 22));
            json.WriteStartObject("token_introspection");
            WriteResponse(json, token);
            json.WriteEndObject();
        });

    /// <summary>RFC 7662 members: exactly <c>active: false</c> for anything not active.</summary>
    public static void WriteResponse(System.Text.Json.Utf8JsonWriter json, AccessTokenClaims? token)
    {
        json.WriteBoolean("active", token is not null);
        if (token is null) return;
        json.WriteString("client_id", token.ClientId);
        json.WriteString("sub", token.Subject);
        json.WriteString("scope", token.Scope);
        json.WriteString("aud", token.Audience);
        json.WriteString("iss", token.Issuer);
        json.WriteNumber("exp", token.ExpiresAt.ToUnixTimeSeconds());
        json.WriteNumber("iat", token.IssuedAt.ToUnixTimeSeconds());
        json.WriteString("token_type", token.IsDpopBound ? "DPoP" : "Bearer");
        json.WriteString("jti", token.Jti);
        JwtWriter.WriteConfirmation(json, token.Jkt, token.X5t);
    }
}
