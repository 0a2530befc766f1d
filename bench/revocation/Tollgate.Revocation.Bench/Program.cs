using System.Text.Json;
using Tollgate.Revocation.Bench;

// Usage (TOLLGATE_DLL must point at a built tollgate.dll; run.sh does all of this):
//   dotnet Tollgate.Revocation.Bench.dll latency [--trials 50]
//   dotnet Tollgate.Revocation.Bench.dll scale --entries 1000000 [--page-size 10000]
// Starts the real server on a free loopback port with a fresh data directory, sets up an API, a
// gateway client (it pulls the feed) and a service client, measures, prints one JSON object.
var mode = args.FirstOrDefault() ?? "latency";
var data = Directory.CreateTempSubdirectory("tollgate-revbench-").FullName;
var port = ServerProcess.FreePort();
Dictionary<string, object> results;
try
{
    var server = await ServerProcess.StartAsync(data, port);
    var (gateway, service) = await server.SetUpAsync();
    if (mode == "latency")
    {
        await using (server) results = await LatencyBench.RunAsync(server, gateway, service, Arg("--trials", 50));
    }
    else
    {
        var entries = Arg("--entries", 10_000);
        await server.DisposeAsync();
        Seed.Revocations(Path.Combine(data, "tollgate.db"), entries);
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var loaded = await ServerProcess.StartAsync(data, port);
        Console.Error.WriteLine($"server with {entries} entries ready in {started.Elapsed.TotalSeconds:F1} s");
        results = await ScaleBench.RunAsync(loaded, gateway, service, Arg("--page-size", 10_000));
        results = new Dictionary<string, object> { ["seeded_entries"] = entries }.Concat(results).ToDictionary();
    }
}
finally
{
    try { Directory.Delete(data, recursive: true); } catch (IOException) { }
}
Console.WriteLine(JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
}
