using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Tollgate.Client;

namespace DotnetBench;

/// <summary>
/// What Tollgate.Client's handler adds to one outgoing call once its token is cached. Two
/// HttpClients from one IHttpClientFactory, identical but for <c>AddClientCredentialsToken</c>
/// (against the real Tollgate of <c>--authority</c>), call in turn, one call in flight:
/// <c>loopback</c>: a no-op Kestrel endpoint in this process (GET, 204) over loopback HTTP/1.1;
/// <c>in-memory</c>: a primary handler that answers 204 without any I/O, so the handler's own cost
/// is not hidden in the network's. Per row: calls/s, µs per call (wall) and CPU µs per call (this
/// process, both ends of the loopback), <c>--runs</c> rounds of <c>--seconds</c>, plain and tokened
/// interleaved; prints one JSON line per round and the medians. Every tokened call must arrive with
/// the bearer token and no plain one with any (checked at the no-op endpoint).
/// </summary>
internal static class ClientOverhead
{
    private static long _withToken, _withoutToken;

    public static async Task<int> RunAsync(string[] args)
    {
        var a = new Args(args);
        var seconds = a.Double("seconds", 3);
        var runs = a.Int("runs", 5);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        void Configure(ClientCredentialsOptions o)
        {
            o.Authority = new Uri(a.Required("authority"));
            o.ClientId = a.Required("client-id");
            o.ClientSecret = a.Required("client-secret");
            o.Audience = a.Required("audience");
        }
        builder.Services.AddHttpClient("plain");
        builder.Services.AddHttpClient("tokened").AddClientCredentialsToken(Configure);
        builder.Services.AddHttpClient("plain-memory").ConfigurePrimaryHttpMessageHandler(() => new NoContentHandler());
        builder.Services.AddHttpClient("tokened-memory").ConfigurePrimaryHttpMessageHandler(() => new NoContentHandler()).AddClientCredentialsToken(Configure);
        await using var app = builder.Build();
        app.MapGet("/noop", (HttpContext c) =>
        {
            Interlocked.Increment(ref c.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal) ? ref _withToken : ref _withoutToken);
            return Results.NoContent();
        });
        await app.StartAsync();
        var noop = new Uri(new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), "/noop");
        var factory = app.Services.GetRequiredService<IHttpClientFactory>();

        var results = new Dictionary<string, List<Round>>();
        foreach (var name in new[] { "plain", "tokened", "plain-memory", "tokened-memory" })
        {
            results[name] = [];
            await LoopAsync(factory.CreateClient(name), noop, Math.Min(1, seconds)); // warm: JIT, connections, the token
        }
        Interlocked.Exchange(ref _withToken, 0);
        Interlocked.Exchange(ref _withoutToken, 0);
        long tokenedCalls = 0, plainCalls = 0;
        for (var run = 1; run <= runs; run++)
        {
            foreach (var name in results.Keys)
            {
                var round = await LoopAsync(factory.CreateClient(name), noop, seconds);
                results[name].Add(round);
                if (name.StartsWith("tokened", StringComparison.Ordinal)) tokenedCalls += round.Calls;
                if (name.StartsWith("plain", StringComparison.Ordinal)) plainCalls += round.Calls;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"row\":\"{name}\",\"run\":{run},\"calls\":{round.Calls},\"us_per_call\":{round.UsPerCall:F2},\"cpu_us_per_call\":{round.CpuUsPerCall:F2}}}"));
            }
        }
        if (Interlocked.Read(ref _withToken) != tokenedCalls || Interlocked.Read(ref _withoutToken) != plainCalls)
        {
            Console.Error.WriteLine($"client: {tokenedCalls} tokened and {plainCalls} plain calls, but the endpoint saw {_withToken} with a bearer token and {_withoutToken} without");
            return 1;
        }
        Report(results);
        await app.StopAsync();
        return 0;
    }

    private static async Task<Round> LoopAsync(HttpClient http, Uri url, double seconds)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long calls = 0;
        var until = TimeSpan.FromSeconds(seconds);
        while (clock.Elapsed < until)
        {
            using var response = await http.GetAsync(url);
            if (response.StatusCode != System.Net.HttpStatusCode.NoContent) throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}");
            calls++;
        }
        var wall = clock.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpu0;
        return new Round(calls, wall.TotalMicroseconds / calls, cpu.TotalMicroseconds / calls);
    }

    private static void Report(Dictionary<string, List<Round>> results)
    {
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
        Console.WriteLine("| transport | calls/s plain | calls/s with handler | µs/call plain | µs/call with handler | added µs/call (median of per-round differences) | CPU µs/call plain | CPU µs/call with handler | added CPU µs/call |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (transport, plain, tokened) in new[] { ("loopback HTTP", "plain", "tokened"), ("in-memory (no I/O)", "plain-memory", "tokened-memory") })
        {
            var p = results[plain];
            var t = results[tokened];
            var added = Median(p.Zip(t, (x, y) => y.UsPerCall - x.UsPerCall));
            var addedCpu = Median(p.Zip(t, (x, y) => y.CpuUsPerCall - x.CpuUsPerCall));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {transport} | {Median(p.Select(r => 1e6 / r.UsPerCall)):F0} | {Median(t.Select(r => 1e6 / r.UsPerCall)):F0} | {Median(p.Select(r => r.UsPerCall)):F2} | {Median(t.Select(r => r.UsPerCall)):F2} | {added:F2} | {Median(p.Select(r => r.CpuUsPerCall)):F2} | {Median(t.Select(r => r.CpuUsPerCall)):F2} | {addedCpu:F2} |"));
        }
    }

    private sealed record Round(long Calls, double UsPerCall, double CpuUsPerCall);

    /// <summary>The end of the in-memory pipeline: 204, no I/O.</summary>
    private sealed class NoContentHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.AbsolutePath == "/noop")
                Interlocked.Increment(ref request.Headers.Authorization is { Scheme: "Bearer" } ? ref _withToken : ref _withoutToken);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.NoContent) { RequestMessage = request });
        }
    }
}
