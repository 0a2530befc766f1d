using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Tollgate.Core.Keys;
using Tollgate.Core.Tokens;

namespace Tollgate.Authorizer.Tests.Support;

/// <summary>Mints real tokens with Tollgate.Core's keys and writer; and forged ones by hand.</summary>
public sealed class TokenMinter(SigningKey key, string issuer, string audience, TimeProvider time)
{
    public SigningKey Key => key;

    /// <summary>An RFC 9068 access token as the server issues it, with claims overridable (null removes).</summary>
    public string Mint(string scope = "read:contacts", TimeSpan? lifetime = null, string clientId = "reader",
        Action<Dictionary<string, object?>>? edit = null, string typ = "at+jwt")
    {
        var now = time.GetUtcNow();
        var claims = new Dictionary<string, object?>
        {
            ["iss"] = issuer,
            ["sub"] = clientId,
            ["aud"] = audience,
            ["client_id"] = clientId,
            ["scope"] = scope,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + (lifetime ?? TimeSpan.FromMinutes(5))).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        edit?.Invoke(claims);
        return JwtWriter.Write(key, typ, json =>
        {
            foreach (var (name, value) in claims)
            {
                if (value is null) continue;
                json.WritePropertyName(name);
                JsonSerializer.Serialize(json, value);
            }
        });
    }

    /// <summary>The server's own writer for the standard claims.</summary>
    public string MintAccessToken(string scope = "read:contacts", string clientId = "reader") =>
        JwtWriter.WriteAccessToken(key, new AccessTokenClaims(issuer, clientId, audience, scope,
            time.GetUtcNow(), time.GetUtcNow().AddMinutes(5), Guid.NewGuid().ToString("N")));

    /// <summary>A token with a hand-written header and payload, signed by <paramref name="sign"/> (none: empty signature).</summary>
    public static string Compose(string headerJson, string payloadJson, Func<byte[], byte[]>? sign)
    {
        var input = B64(headerJson) + "." + B64(payloadJson);
        var signature = sign is null ? "" : Base64Url.EncodeToString(sign(Encoding.ASCII.GetBytes(input)));
        return input + "." + signature;
    }

    /// <summary>The payload of a real token, as JSON.</summary>
    public static string PayloadOf(string token) => Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[1]));

    public static string B64(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
