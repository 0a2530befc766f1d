using System.Security.Cryptography;
using System.Text;
using Tollgate.Authorizer.Caching;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Jwt;

namespace Tollgate.Authorizer.Bench;

/// <summary>
/// <c>--breakdown</c>: where one unique RS256 decision spends its time, step by step, as CPU
/// nanoseconds of this thread per token (each step run alone over the same unique tokens, in
/// interleaved chunks like the main benchmark). The steps overlap: "decision" contains all of them.
/// </summary>
public static class Breakdown
{
    public static async Task<Dictionary<string, double>> MeasureAsync(TokenSet tokens, string? only)
    {
        var rs256 = tokens.Rs256;
        var requests = Contenders.Requests(rs256);
        var floor = Floor.Prepare(tokens);
        var key = (await (await Contenders.TollgateAsync(tokens, 100_000)).KeyCaches[0].RefreshAsync())!.Keys
            .First(k => k.Family == JwsKeyFamily.Rsa);
        var jwts = rs256.Select(t => JwtReader.Read(t, out _)!).ToArray();
        var inputs = rs256.Select(t => Encoding.ASCII.GetBytes(t[..t.LastIndexOf('.')])).ToArray();
        var hashes = inputs.Select(SHA256.HashData).ToArray();
        var rsa = Floor.Key;

        // Every step once on warm-up tokens so the JIT has tiered up before measuring.
        var warmJwts = tokens.Warmup.Where((_, i) => i % 2 == 0).ToArray();
        for (var round = 0; round < 30; round++, Thread.Sleep(20))
            foreach (var t in warmJwts)
            {
                TokenHash.Of(t);
                var jwt = JwtReader.Read(t, out _)!;
                JwtValidator.VerifySignature(t, jwt.SignatureDot, JwsAlgorithm.RS256, key);
            }

        var fresh = await Contenders.TollgateAsync(tokens, 100_000);
        var uncached = await Contenders.TollgateAsync(tokens, 0);
        var sink = new JsonLineSink();
        var logged = await Contenders.TollgateAsync(tokens, 100_000, loggers: sink);
        var validator = new JwtValidator(
            [new TrustedIssuer(tokens.Issuer, fresh.KeyCaches[0], [tokens.Audience])],
            new JwtValidationSettings([JwsAlgorithm.RS256, JwsAlgorithm.ES256, JwsAlgorithm.PS256], ["at+jwt", "JWT"], TimeSpan.FromSeconds(30), 16 * 1024),
            TimeProvider.System);
        var caching = new CachingTokenValidator(validator, 100_000, TimeSpan.FromSeconds(30), TimeProvider.System);
        var hits = await Contenders.TollgateAsync(tokens, 100_000);
        var hot = Contenders.Requests(tokens.Warmup.Where((_, i) => i % 2 == 0).Take(1000).ToArray());
        foreach (var r in hot) Contenders.Decide(hits, r);
        var results = new Dictionary<string, double>();
        var steps = new (string Name, Action<int> Act)[]
        {
            ("decision", i => Contenders.Decide(fresh, requests[i])),
            ("decision_logged", i => Contenders.Decide(logged, requests[i])), // a production host's Information lines
            ("decision_no_cache", i => Contenders.Decide(uncached, requests[i])),
            ("cache_hit", i => Contenders.Decide(hits, hot[i % hot.Length])),
            ("jwt_validator", i => Valid(validator.ValidateAsync(rs256[i], default))),
            ("caching_validator", i => Valid(caching.ValidateAsync(rs256[i], default))),
            ("token_hash", i => TokenHash.Of(rs256[i])),
            ("jwt_read", i => JwtReader.Read(rs256[i], out _)),
            ("verify_signature", i => Check(JwtValidator.VerifySignature(rs256[i], jwts[i].SignatureDot, JwsAlgorithm.RS256, key))),
            ("rsa_verify_data", i => Floor.Verify(floor[i])),
            ("rsa_verify_hash", i => Check(rsa.VerifyHash(hashes[i], floor[i].Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))),
            ("sha256_signing_input", i => SHA256.HashData(inputs[i])),
        };
        // --only STEP: that step alone over every token (its GC figures are then its own), e.g. under perf.
        if (only is not null) Console.Error.WriteLine($"measuring {only} (pid {Environment.ProcessId})");
        Interleave(results, rs256.Length, only is null ? steps : [.. steps.Where(s => s.Name == only)]);

        // Last (its cache would weigh on every step's collections): what the decision cache keeps
        // per token, each decided once by a fresh authorizer.
        var retaining = await Contenders.TollgateAsync(tokens, 100_000);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        foreach (var r in requests) Contenders.Decide(retaining, r);
        results["cache_retained_bytes_per_token"] = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)requests.Length;
        GC.KeepAlive(retaining);
        return results;
    }

    private static void Valid(ValueTask<Validation.TokenValidation> validation)
    {
        if (!validation.IsCompletedSuccessfully || !validation.Result.IsValid) throw new InvalidOperationException("not valid");
    }

    private static void Check(bool ok)
    {
        if (!ok) throw new InvalidOperationException("bad signature");
    }

    private static void Interleave(Dictionary<string, double> results, int count, params (string Name, Action<int> Act)[] steps)
    {
        const int chunk = 200;
        var cpu = new long[steps.Length];
        var bytes = new long[steps.Length];
        var pause = new TimeSpan[steps.Length];
        GC.Collect();
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        for (var start = 0; start < count; start += chunk)
        {
            var end = Math.Min(count, start + chunk);
            for (var s = 0; s < steps.Length; s++)
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var paused = GC.GetTotalPauseDuration();
                var began = ThreadCpu.Nanoseconds();
                for (var i = start; i < end; i++) steps[s].Act(i);
                cpu[s] += ThreadCpu.Nanoseconds() - began;
                pause[s] += GC.GetTotalPauseDuration() - paused;
                bytes[s] += GC.GetAllocatedBytesForCurrentThread() - allocated;
            }
        }
        for (var s = 0; s < steps.Length; s++)
        {
            results[steps[s].Name + "_ns"] = (double)cpu[s] / count;
            results[steps[s].Name + "_gc_pause_ns"] = pause[s].TotalNanoseconds / count;
            results[steps[s].Name + "_bytes"] = (double)bytes[s] / count;
        }
        for (var g = 0; g < 3; g++) results[$"gen{g}_collections"] = GC.CollectionCount(g) - collections[g];
    }
}
