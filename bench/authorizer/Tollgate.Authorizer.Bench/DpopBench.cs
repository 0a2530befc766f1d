using System.Buffers.Text;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tollgate.Authorizer.Decisions;
using Tollgate.Core.Keys;
using Tollgate.Core.Tokens;

namespace Tollgate.Authorizer.Bench;

/// <summary>
/// <c>--dpop</c>: what a DPoP decision costs over a bearer decision, on one thread, with ES256 proofs
/// (the usual client key) and RS256 access tokens: unique tokens (every decision verifies the token's
/// signature; DPoP adds the proof's ES256 verification, thumbprint, ath and replay check), and repeated
/// tokens (decision-cache hits; DPoP still verifies a fresh proof every request). Proofs are made
/// before measuring and are all used within their 60-second window. Prints one JSON object.
/// </summary>
public static class DpopBench
{
    private const string Url = "https://api.bench.example/contacts/42";

    public static async Task<int> RunAsync(int count, int repeats)
    {
        using var rsa = SigningKey.Generate("RS256");
        using var client = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (jwk, thumbprint) = PublicJwk(client);
        var jwks = JsonDocument.Parse("{\"keys\":[" + rsa.PublicJwk + "]}").RootElement.Clone();
        var tokens = new TokenSet(TokenSet.IssuerUrl, TokenSet.AudienceId, jwks, [], [], []);
        var now = DateTimeOffset.UtcNow;
        string Mint(string? jkt) => JwtWriter.WriteAccessToken(rsa, new AccessTokenClaims(TokenSet.IssuerUrl, "client", TokenSet.AudienceId, "read:contacts",
            now, now.AddHours(1), Guid.NewGuid().ToString("N"), jkt));

        var bearer = new AuthorizationRequest[count];
        var bound = new AuthorizationRequest[count];
        var hotToken = Mint(thumbprint);
        var hotBearer = AuthorizationRequest.ForToken("Bearer " + Mint(null), "GET", "/contacts/42");
        var hot = new AuthorizationRequest[repeats];
        var warm = new AuthorizationRequest[2000];
        var minting = Stopwatch.StartNew();
        Parallel.For(0, count, i =>
        {
            bearer[i] = AuthorizationRequest.ForToken("Bearer " + Mint(null), "GET", "/contacts/42");
            bound[i] = Request(Mint(thumbprint), client, jwk);
        });
        Parallel.For(0, repeats, i => hot[i] = Request(hotToken, client, jwk));
        Parallel.For(0, warm.Length, i => warm[i] = Request(Mint(thumbprint), client, jwk));
        Console.Error.WriteLine($"minted {count} bearer + {count} bound tokens and {count + repeats} proofs in {minting.Elapsed.TotalSeconds:F1} s");

        // Warm up the JIT on a throw-away authorizer (its replay cache is not the measured one's).
        var warming = await Contenders.TollgateAsync(tokens, 100_000, rules: Contenders.Rules);
        foreach (var r in warm) Contenders.Decide(warming, r);
        for (var i = 0; i < 20_000; i++) Contenders.Decide(warming, hotBearer);

        var unique = await Contenders.TollgateAsync(tokens, 100_000, rules: Contenders.Rules);
        var results = new Dictionary<string, double>();
        void Record(string name, int n, Action<int> act)
        {
            results[name + "_cpu"] = Measure(n, act);
            results[name + "_wall"] = LastWall;
        }
        Record("bearer_rs256_unique", count, i => Contenders.Decide(unique, bearer[i]));
        Record("dpop_rs256_unique_es256_proof", count, i => Contenders.Decide(unique, bound[i]));
        Record("bearer_cache_hits", repeats, _ => Contenders.Decide(unique, hotBearer));
        Record("dpop_cache_hits_es256_proof", repeats, i => Contenders.Decide(unique, hot[i]));
        // Per CPU-microsecond: what one DPoP decision adds over the bearer decision of the same kind.
        results["dpop_extra_cpu_us_unique"] = (1e6 / results["dpop_rs256_unique_es256_proof_cpu"]) - (1e6 / results["bearer_rs256_unique_cpu"]);
        results["dpop_extra_cpu_us_cached"] = (1e6 / results["dpop_cache_hits_es256_proof_cpu"]) - (1e6 / results["bearer_cache_hits_cpu"]);
        Console.WriteLine(JsonSerializer.Serialize(results));
        return 0;
    }

    private static AuthorizationRequest Request(string token, ECDsa key, string jwk) => new()
    {
        Method = "GET",
        Path = "/contacts/42",
        Url = Url,
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Authorization"] = "DPoP " + token, ["DPoP"] = Proof(token, key, jwk) },
    };

    private static string Proof(string token, ECDsa key, string jwk)
    {
        var ath = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
        var header = $"{{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{jwk}}}";
        var claims = $"{{\"jti\":\"{Guid.NewGuid():N}\",\"htm\":\"GET\",\"htu\":\"{Url}\",\"iat\":{DateTimeOffset.UtcNow.ToUnixTimeSeconds()},\"ath\":\"{ath}\"}}";
        var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims));
        return input + "." + Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256));
    }

    private static (string Jwk, string Thumbprint) PublicJwk(ECDsa key)
    {
        var p = key.ExportParameters(false);
        var (x, y) = (Base64Url.EncodeToString(p.Q.X), Base64Url.EncodeToString(p.Q.Y));
        var canonical = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{x}\",\"y\":\"{y}\"}}";
        return (canonical, Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
    }

    /// <summary>Decisions per CPU-second of this thread (the machine is shared: wall-clock rates swing with its load); also records the wall-clock rate.</summary>
    private static double Measure(int count, Action<int> act)
    {
        GC.Collect();
        var began = Stopwatch.GetTimestamp();
        var cpuBegan = ThreadCpu.Nanoseconds();
        for (var i = 0; i < count; i++) act(i);
        var cpu = ThreadCpu.Nanoseconds() - cpuBegan;
        LastWall = count / Stopwatch.GetElapsedTime(began).TotalSeconds;
        return count / (cpu / 1e9);
    }

    private static double LastWall;
}
