using System.Diagnostics;
using System.Globalization;
using Tollgate.Authorizer.Policies;

// In-engine policy cost per decision with N policies, requests spread over all of them.
//   dotnet Tollgate.Policies.Bench.dll [--counts 10,1000,10000] [--seconds 2] [--runs 3] [--write-bodies DIR]
// Prints one JSON line per count (median ns/decision over the runs, compile time) and the ratio of
// the largest count to the smallest. With --write-bodies it also writes, per count, the policies
// (policies-N.json, for the admin API) and warden request bodies spread over them (bodies-N.txt).
var counts = Arg("--counts", "10,1000,10000").Split(',').Select(int.Parse).ToArray();
var seconds = double.Parse(Arg("--seconds", "2"), CultureInfo.InvariantCulture);
var runs = int.Parse(Arg("--runs", "3"), CultureInfo.InvariantCulture);
var bodies = Arg("--write-bodies", "");

var results = new List<(int Count, double Ns)>();
foreach (var count in counts)
{
    var policies = Workload.Policies(count);
    var compile = Stopwatch.StartNew();
    var set = PolicySet.Compile(policies);
    compile.Stop();
    var requests = Workload.Requests(count);
    var expected = requests.Select(r => set.Evaluate(r.Request).Outcome == r.Expected).All(x => x);
    if (!expected) throw new InvalidOperationException($"{count} policies: a request was not decided as the workload expects");
    if (bodies.Length > 0) Workload.Write(bodies, count, policies, requests);

    var perRun = new List<double>();
    for (var run = 0; run < runs + 1; run++)   // the first run warms up (tiering, PGO) and is dropped
    {
        long decisions = 0;
        var clock = Stopwatch.StartNew();
        var budget = TimeSpan.FromSeconds(run == 0 ? Math.Min(1, seconds) : seconds);
        while (clock.Elapsed < budget)
        {
            foreach (var (request, _) in requests) set.Evaluate(request);
            decisions += requests.Count;
        }
        if (run > 0) perRun.Add(clock.Elapsed.TotalNanoseconds / decisions);
    }
    var median = perRun.Order().ElementAt(perRun.Count / 2);
    results.Add((count, median));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{{\"policies\":{count},\"ns_per_decision\":{median:F1},\"decisions_per_s\":{1e9 / median:F0},\"runs\":[{string.Join(',', perRun.Select(r => r.ToString("F1", CultureInfo.InvariantCulture)))}],\"compile_ms\":{compile.Elapsed.TotalMilliseconds:F0},\"requests\":{requests.Count}}}"));
}
var (first, last) = (results[0], results[^1]);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"ratio\":\"{last.Count}/{first.Count}\",\"cost_ratio\":{last.Ns / first.Ns:F2},\"target\":2}}"));
return 0;

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
