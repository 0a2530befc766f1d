using System.Diagnostics;
using System.Text.Json;
using Tollgate.Authorizer.Bench;

// Usage: dotnet run -c Release -- [--tokens N] [--file tokens.json] [--hits M]
//        dotnet run -c Release -- --cookies [--tokens N] [--hits M]   (token-handler cookies)
//        dotnet run -c Release -- --dpop [--tokens N] [--hits M]          (bearer vs DPoP decisions, ES256 proofs, JSON)
//        dotnet run -c Release -- --crypto-floor [--seconds S]      (raw sign/verify rates, JSON)
//        dotnet run -c Release -- --revocation                       (ns per revocation check, JSON)
//        dotnet run -c Release -- --breakdown [--file tokens.json]   (ns per step of a unique RS256 decision, JSON)
//        dotnet run -c Release -- --rules N [--decisions M] [--file tokens.json]   (decisions vs rule count, JSON)
// Mints N unique RS256 and N unique ES256 tokens (or reads them from --file when it exists, and
// writes them there when it does not), then measures decisions per second on one thread:
// unique tokens (every decision verifies a signature), repeated tokens (decision cache hits), and
// IdentityModel's JsonWebTokenHandler on the same RS256 tokens. Prints one JSON object.
var count = Arg("--tokens", 10_000);
var hits = Arg("--hits", 2_000_000);
var file = ArgString("--file");
// --cookies: the token-handler OAuth Proxy's figures instead (see CookieBench).
if (args.Contains("--cookies")) return await CookieBench.RunAsync(count, Arg("--hits", 300_000));
// --dpop: bearer vs DPoP-bound decisions (see DpopBench).
if (args.Contains("--dpop")) return await DpopBench.RunAsync(Math.Min(count, 5_000), Arg("--hits", 20_000));

if (args.Contains("--revocation"))
{
    Console.WriteLine(JsonSerializer.Serialize(RevocationCheckBench.Measure()));
    return 0;
}
if (args.Contains("--crypto-floor"))
{
    var seconds = double.Parse(ArgString("--seconds") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
    Console.WriteLine(JsonSerializer.Serialize(CryptoFloor.Measure(TimeSpan.FromSeconds(seconds))));
    return 0;
}

TokenSet tokens;
if (file is not null && File.Exists(file)) tokens = TokenSet.Load(file);
else
{
    var minting = Stopwatch.StartNew();
    tokens = TokenSet.Mint(count);
    Console.Error.WriteLine($"minted {count} RS256 + {count} ES256 tokens in {minting.Elapsed.TotalSeconds:F1} s");
    if (file is not null) tokens.Save(file);
}

if (ArgString("--rules") is { } ruleCount)
{
    var growth = await RulesGrowth.MeasureAsync(tokens, int.Parse(ruleCount, System.Globalization.CultureInfo.InvariantCulture), Arg("--decisions", 1_000_000));
    Console.WriteLine(JsonSerializer.Serialize(growth));
    return 0;
}

if (args.Contains("--breakdown"))
{
    Console.WriteLine(JsonSerializer.Serialize(await Breakdown.MeasureAsync(tokens, ArgString("--only"))));
    return 0;
}

var results = new Dictionary<string, double>();

// Warm up until tiered compilation has settled (tier-1 + PGO): keep deciding the warm-up tokens
// (fresh authorizers, so signatures are verified) and cached ones, pausing so the background JIT
// gets CPU time on this shared machine. Measured tokens are never seen before measuring.
var warmRequests = Contenders.Requests(tokens.Warmup);
var warming = Stopwatch.StartNew();
while (warming.Elapsed < TimeSpan.FromSeconds(4))
{
    var warm = await Contenders.TollgateAsync(tokens, 100_000);
    for (var round = 0; round < 2; round++) foreach (var r in warmRequests) Contenders.Decide(warm, r);
    Thread.Sleep(100);
}

var (handler, parameters) = Contenders.IdentityModel(tokens);
const string otherAudience = "https://api.other.example";
var (refusingHandler, refusingParameters) = Contenders.IdentityModel(tokens, otherAudience);
for (var round = 0; round < 3; round++, Thread.Sleep(100))
    foreach (var t in tokens.Warmup) { handler.ValidateTokenAsync(t, parameters).GetAwaiter().GetResult(); refusingHandler.ValidateTokenAsync(t, refusingParameters).GetAwaiter().GetResult(); }

// The contenders run interleaved in small chunks, so a burst of load from other processes on this
// shared machine hits all of them alike. Every token is decided once by each contender.
var tollgate = await Contenders.TollgateAsync(tokens, 100_000);
// Refusals after the signature check (wrong audience): fresh contenders that expect another
// audience; refusals are never cached, so each one verifies a signature.
var refusing = await Contenders.TollgateAsync(tokens, 100_000, otherAudience);
var rs256 = Contenders.Requests(tokens.Rs256);
var floor = Floor.Prepare(tokens);
Interleave(tokens.Rs256.Length,
    ("tollgate_rs256_unique", i => Contenders.Decide(tollgate, rs256[i])),
    ("identitymodel_rs256_unique", i =>
    {
        var result = handler.ValidateTokenAsync(tokens.Rs256[i], parameters).GetAwaiter().GetResult();
        if (!result.IsValid) throw new InvalidOperationException(result.Exception?.Message);
    }),
    ("rsa_verify_only", i => Floor.Verify(floor[i])),
    ("tollgate_rs256_wrong_audience", i => Contenders.Decide(refusing, rs256[i], Tollgate.Authorizer.Decisions.ReasonCodes.WrongAudience)),
    ("identitymodel_rs256_wrong_audience", i =>
    {
        if (refusingHandler.ValidateTokenAsync(tokens.Rs256[i], refusingParameters).GetAwaiter().GetResult().IsValid) throw new InvalidOperationException("expected a refusal");
    }));

var es256 = Contenders.Requests(tokens.Es256);
Interleave(tokens.Es256.Length, ("tollgate_es256_unique", i => Contenders.Decide(tollgate, es256[i])));

// Cache hits: a working set of 1,000 tokens already decided once, each presented again and again.
var hot = rs256[..Math.Min(1000, rs256.Length)];
Interleave(hits, ("tollgate_cache_hits", i => Contenders.Decide(tollgate, hot[i % hot.Length])));

// The same with a rate_limit on the API (high enough never to refuse), interleaved with another
// no-limit run: the price of taking from one bucket per decision.
var limited = await Contenders.TollgateAsync(tokens, 100_000, rules: Contenders.Rules.TrimEnd()[..^1] + ""","rate_limit":{"requests_per_second":1000000,"burst":1000000}}""");
foreach (var r in hot) Contenders.Decide(limited, r);
Interleave(hits,
    ("tollgate_cache_hits_no_limit", i => Contenders.Decide(tollgate, hot[i % hot.Length])),
    ("tollgate_cache_hits_rate_limited", i => Contenders.Decide(limited, hot[i % hot.Length])));

Console.WriteLine(JsonSerializer.Serialize(results));
return 0;

void Interleave(int count, params (string Name, Action<int> Act)[] contenders)
{
    const int chunk = 200;
    var elapsed = new long[contenders.Length];
    var cpu = new long[contenders.Length];
    GC.Collect();
    for (var start = 0; start < count; start += chunk)
    {
        var end = Math.Min(count, start + chunk);
        for (var c = 0; c < contenders.Length; c++)
        {
            var began = Stopwatch.GetTimestamp();
            var cpuBegan = ThreadCpu.Nanoseconds();
            for (var i = start; i < end; i++) contenders[c].Act(i);
            elapsed[c] += Stopwatch.GetTimestamp() - began;
            cpu[c] += ThreadCpu.Nanoseconds() - cpuBegan;
        }
    }
    for (var c = 0; c < contenders.Length; c++)
    {
        results[contenders[c].Name] = count / ((double)elapsed[c] / Stopwatch.Frequency);
        results[contenders[c].Name + "_cpu"] = count / (cpu[c] / 1e9); // per CPU-second of this thread: steadier on a loaded machine
    }
}

int Arg(string name, int fallback) => ArgString(name) is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
string? ArgString(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
