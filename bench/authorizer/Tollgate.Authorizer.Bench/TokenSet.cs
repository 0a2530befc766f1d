using System.Text.Json;
using Tollgate.Core.Keys;
using Tollgate.Core.Tokens;

namespace Tollgate.Authorizer.Bench;

/// <summary>
/// The tokens every contender verifies: unique RS256 and ES256 access tokens minted by Tollgate.Core,
/// with the JWKS to verify them. Written to a file so the node contenders read the very same tokens.
/// </summary>
public sealed record TokenSet(string Issuer, string Audience, JsonElement Jwks, string[] Warmup, string[] Rs256, string[] Es256)
{
    public const string IssuerUrl = "https://issuer.bench.example";
    public const string AudienceId = "https://api.bench.example";

    public static TokenSet Mint(int count)
    {
        using var rsa = SigningKey.Generate("RS256");
        using var ec = SigningKey.Generate("ES256");
        var now = DateTimeOffset.UtcNow;
        string Mint(SigningKey key, int i) => JwtWriter.WriteAccessToken(key, new AccessTokenClaims(
            IssuerUrl, $"client-{i % 50}", AudienceId, i % 2 == 0 ? "read:contacts" : "read:contacts write:contacts",
            now, now.AddHours(2), Guid.NewGuid().ToString("N")));

        var rs256 = new string[count];
        var es256 = new string[count];
        Parallel.For(0, count, i => { rs256[i] = Mint(rsa, i); es256[i] = Mint(ec, i); });
        var warmup = Enumerable.Range(0, 2000).Select(i => Mint(i % 2 == 0 ? rsa : ec, i)).ToArray();
        var jwks = JsonDocument.Parse("{\"keys\":[" + rsa.PublicJwk + "," + ec.PublicJwk + "]}").RootElement.Clone();
        return new TokenSet(IssuerUrl, AudienceId, jwks, warmup, rs256, es256);
    }

    public static TokenSet Load(string path) => JsonSerializer.Deserialize<TokenSet>(File.ReadAllText(path), Json)!;

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
