using System.Diagnostics;
using System.Text.Json;
using Tollgate.Authorizer.Bench;

// Usage: dotnet run -c Release -- [--tokens N] [--file tokens.json] [--hits M]
// Mints N unique RS256 and N unique ES256 tokens (or reads them from --file when it exists, and
// writes them there when it does not), then measures decisions per second on one thread:
// unique tokens (every decision verifies a signature), repeated tokens (decision cache hits), and
// IdentityModel's JsonWebTokenHandler on the same RS256 tokens. Prints one JSON object.
var count = Arg("--tokens", 10_000);
var hits = Arg("--hits", 2_000_000);
var file = ArgString("--file");

TokenSet tokens;
if (file is not null && File.Exists(file)) tokens = TokenSet.Load(file);
else
{
    var minting = Stopwatch.StartNew();
    tokens = TokenSet.Mint(count);
    Console.Error.WriteLine($"minted {count} RS256 + {count} ES256 tokens in {minting.Elapsed.TotalSeconds:F1} s");
    if (file is not null) tokens.Save(file);
}

var results = new Dictionary<string, double>();

// Warm up JIT and tiered PGO on tokens outside the measured sets, in a throwaway authorizer.
var warm = await Contenders.TollgateAsync(tokens, 100_000);
var warmRequests = Contenders.Requests(tokens.Warmup);
for (var round = 0; round < 3; round++) foreach (var r in warmRequests) Contenders.Decide(warm, r);

var tollgate = await Contenders.TollgateAsync(tokens, 100_000);
results["tollgate_rs256_unique"] = Rate(Contenders.Requests(tokens.Rs256), r => Contenders.Decide(tollgate, r));
results["tollgate_es256_unique"] = Rate(Contenders.Requests(tokens.Es256), r => Contenders.Decide(tollgate, r));

// Cache hits: a working set of 1,000 tokens already decided once, each presented again and again.
var hot = Contenders.Requests(tokens.Rs256[..1000]);
var repeated = Enumerable.Range(0, hits).Select(i => hot[i % hot.Length]).ToArray();
results["tollgate_cache_hits"] = Rate(repeated, r => Contenders.Decide(tollgate, r));

// The same JWT checks through Microsoft.IdentityModel's JsonWebTokenHandler (no routes, no decision).
var (handler, parameters) = Contenders.IdentityModel(tokens);
foreach (var t in tokens.Warmup) handler.ValidateTokenAsync(t, parameters).GetAwaiter().GetResult();
results["identitymodel_rs256_unique"] = Rate(tokens.Rs256, t =>
{
    var result = handler.ValidateTokenAsync(t, parameters).GetAwaiter().GetResult();
    if (!result.IsValid) throw new InvalidOperationException(result.Exception?.Message);
});

// The floor: RSA-2048 signature verification alone on the same tokens (one key instance, no parsing).
results["rsa_verify_only"] = Rate(Floor.Prepare(tokens), Floor.Verify);

Console.WriteLine(JsonSerializer.Serialize(results));
return 0;

static double Rate<T>(T[] items, Action<T> act)
{
    GC.Collect();
    var sw = Stopwatch.StartNew();
    foreach (var item in items) act(item);
    return items.Length / sw.Elapsed.TotalSeconds;
}

int Arg(string name, int fallback) => ArgString(name) is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
string? ArgString(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
