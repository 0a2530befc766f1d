using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tollgate.Cli.Connection;

/// <summary>
/// The admin token, cached in the configuration directory (0600) per server and client until a
/// minute before it expires, so a script of fifty commands asks for one token, not fifty. The file
/// name is a hash of server, client and secret: a changed secret never reuses an old token.
/// </summary>
public sealed class TokenCache(string directory, TimeProvider time)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(60);

    internal sealed record Entry([property: JsonPropertyName("access_token")] string AccessToken, [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt);

    public string? Get(Credentials credentials)
    {
        var (content, error) = PrivateFile.Read(PathFor(credentials));
        if (content is null || error is not null) return null;
        try
        {
            var entry = JsonSerializer.Deserialize(content, TokenCacheJson.Default.Entry);
            return entry is not null && entry.ExpiresAt - Margin > time.GetUtcNow() ? entry.AccessToken : null;
        }
        catch (JsonException)
        {
            return null; // a damaged cache is only a cache
        }
    }

    public void Put(Credentials credentials, string token, int expiresIn)
    {
        try
        {
            PrivateFile.Write(PathFor(credentials), JsonSerializer.Serialize(new Entry(token, time.GetUtcNow().AddSeconds(expiresIn)), TokenCacheJson.Default.Entry));
        }
        catch (IOException) { } // read-only home: work without a cache
        catch (UnauthorizedAccessException) { }
    }

    public void Forget(Credentials credentials)
    {
        try { File.Delete(PathFor(credentials)); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private string PathFor(Credentials c)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{c.Endpoint}\n{c.ClientId}\n{c.ClientSecret}"));
        return Path.Combine(directory, "tokens", Convert.ToHexStringLower(hash)[..32] + ".json");
    }
}

[JsonSerializable(typeof(TokenCache.Entry))]
internal sealed partial class TokenCacheJson : JsonSerializerContext;
