using System.Text;
using System.Text.Json;
using Tollgate.Aws.Tests.TestSupport;
using Xunit.Abstractions;

namespace Tollgate.Aws.Tests.Metrics;

/// <summary>
/// The real <c>bootstrap</c> (also the Native AOT build: scripts/test-native.sh) in Lambda mode against the fake Runtime
/// API and a real JWKS on loopback: what it writes on stdout is CloudWatch EMF, one line per invocation, counting
/// exactly what was decided. A process of its own, so no other test's decisions reach its meter.
/// </summary>
public sealed class EmfProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Audience = "https://contacts.example.com";
    private readonly FakeRuntimeApi _runtime = new();
    private readonly LoopbackJwks _jwks = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _runtime.DisposeAsync();
        _jwks.Dispose();
    }

    private Dictionary<string, string> Environment(params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["TOKEN_ISSUER"] = EngineHarness.Issuer, ["JWKS_URI"] = _jwks.Uri, ["AUDIENCE"] = Audience,
            ["TOLLGATE_RULES_FILE"] = Fixtures.PathOf(Fixtures.ContactsRules), ["AWS_LAMBDA_FUNCTION_NAME"] = "tollgate-authorizer",
        };
        foreach (var (name, value) in extra) environment[name] = value;
        return environment;
    }

    private async Task<List<PostedRequest>> InvokeAsync(params (string Fixture, string Token)[] invocations)
    {
        for (var i = 0; i < invocations.Length; i++)
            _runtime.Enqueue($"id-{i}", Fixtures.Bytes(invocations[i].Fixture, invocations[i].Token));
        var posts = new List<PostedRequest>();
        foreach (var _ in invocations) posts.Add(await _runtime.NextPostAsync(TimeSpan.FromSeconds(30)));
        return posts;
    }

    [Fact]
    public async Task Lambda_AllowDenyUnauthorized_OneEmfLinePerInvocationCountingEachDecision()
    {
        await using var lambda = LambdaModeProcess.Start(_runtime, Environment(("TOLLGATE_METRICS_NAMESPACE", "Tollgate/Test")));
        var read = LoopbackJwks.Token(Audience, "read:contacts");
        var posts = await InvokeAsync(
            (Fixtures.RestToken, read), (Fixtures.RestToken, read), (Fixtures.HttpApiV2, read),
            (Fixtures.RestRequest, read), (Fixtures.RestRequest, read),
            (Fixtures.RestToken, LoopbackJwks.Token(Audience, "read:contacts", TimeSpan.FromMinutes(-10))),
            (Fixtures.RestToken, "not-a-jwt"));

        Assert.Equal(["response", "response", "response", "response", "response", "error", "error"], posts.Select(p => p.Path.Split('/')[^1]));
        var lines = await lambda.StdoutLinesAsync(posts.Count);
        Assert.True(lines.Count == posts.Count, $"{lines.Count} stdout lines for {posts.Count} invocations:\n{string.Join('\n', lines)}\n{lambda.Stderr}");
        foreach (var line in lines) output.WriteLine(line);
        var metrics = lines.Select(EmfAssert.Parse).ToList();
        Assert.All(metrics.SelectMany(m => m), m =>
        {
            Assert.Equal("Tollgate/Test", m.Namespace);
            Assert.Equal("tollgate-authorizer", m.Dimensions["FunctionName"]);
        });
        // Each line is one invocation: one decision, one duration.
        Assert.All(metrics, line => Assert.Equal(1, line.Where(m => m.Name == "tollgate.decisions").Sum(m => m.Values.Sum())));
        var decisions = metrics.SelectMany(m => m).Where(m => m.Name == "tollgate.decisions")
            .GroupBy(m => (Kind: m.Dimensions["kind"], Reason: m.Dimensions["reason"]))
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Values.Sum()));
        Assert.Equal(new Dictionary<(string, string), double>
        {
            [("allow", "allowed")] = 3, [("deny", "insufficient_scope")] = 2, [("unauthorized", "expired")] = 1, [("unauthorized", "malformed_token")] = 1,
        }, decisions);
        Assert.All(metrics.SelectMany(m => m).Where(m => m.Name == "tollgate.decisions"), m => Assert.Equal("Count", m.Unit));
        var durations = metrics.SelectMany(m => m).Where(m => m.Name == "tollgate.decision.duration").ToList();
        Assert.Equal(posts.Count, durations.Sum(d => d.Values.Count));
        Assert.All(durations, d => Assert.Equal(("Milliseconds", 1), (d.Unit, d.Dimensions.Count)));
        Assert.All(durations.SelectMany(d => d.Values), v => Assert.InRange(v, 0, 5_000));
        // The keys fetched at init are counted in the first invocation's line, as many as the JWKS was asked.
        var refreshes = Assert.Single(metrics[0], m => m.Name == "tollgate.jwks.refreshes");
        Assert.Equal(("success", (double)_jwks.Fetches), (refreshes.Dimensions["result"], refreshes.Values.Single()));
        Assert.DoesNotContain(metrics.Skip(1).SelectMany(m => m), m => m.Name == "tollgate.jwks.refreshes");
        Assert.DoesNotContain(read, string.Join('\n', lines));
    }

    [Fact]
    public async Task Lambda_MetricsOff_PrintsNothingOnStdout()
    {
        await using var lambda = LambdaModeProcess.Start(_runtime, Environment(("TOLLGATE_METRICS", "off")));
        var read = LoopbackJwks.Token(Audience, "read:contacts");

        var posts = await InvokeAsync((Fixtures.RestToken, read), (Fixtures.RestRequest, read), (Fixtures.RestToken, "not-a-jwt"));

        Assert.Equal(3, posts.Count);
        // A line would be written before the next "next"; give the pipe a moment anyway.
        await Task.Delay(300);
        Assert.Empty(lambda.StdoutLines);
        Assert.Contains("\"event\":\"Decision\"", lambda.Stderr);
    }

    [Fact]
    public async Task Lambda_BadMetricsSettings_FailInitNamingTheVariables()
    {
        await using var lambda = LambdaModeProcess.Start(_runtime, Environment(("TOLLGATE_METRICS", "prometheus"), ("TOLLGATE_METRICS_NAMESPACE", "AWS/Lambda")));

        Assert.Equal(78, await lambda.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var message = (await _runtime.NextPostAsync()).InitErrorMessage();
        Assert.StartsWith("Invalid configuration (2 problems):", message);
        Assert.Contains("TOLLGATE_METRICS must be one of emf, off; got 'prometheus'.", message);
        Assert.Contains("TOLLGATE_METRICS_NAMESPACE must be a CloudWatch namespace", message);
        Assert.Equal(0, _runtime.NextCalls);
    }

    [Fact]
    public async Task Invoke_PrintsEmfOnlyWithTheFlagAndOnlyOnStderr()
    {
        var eventFile = Fixtures.WriteTemp(Fixtures.RestToken, LoopbackJwks.Token(Audience, "read:contacts"));
        try
        {
            var plain = await BootstrapProcess.RunAsync(["invoke", "--event", eventFile], Environment());
            var asked = await BootstrapProcess.RunAsync(["invoke", "--event", eventFile, "--emf"], Environment());

            Assert.Equal((0, 0), (plain.ExitCode, asked.ExitCode));
            Assert.DoesNotContain("_aws", plain.Stdout + plain.Stderr);
            Assert.DoesNotContain("_aws", asked.Stdout);
            Assert.Equal("Allow", JsonDocument.Parse(asked.Stdout).RootElement.GetProperty("policyDocument").GetProperty("Statement")[0].GetProperty("Effect").GetString());
            var line = Assert.Single(asked.Stderr.Split('\n'), l => l.Contains("\"_aws\"", StringComparison.Ordinal));
            var metrics = EmfAssert.Parse(line);
            var decision = Assert.Single(metrics, m => m.Name == "tollgate.decisions");
            Assert.Equal(("allow", "allowed", 1.0), (decision.Dimensions["kind"], decision.Dimensions["reason"], decision.Values.Single()));
            Assert.Equal("Tollgate", decision.Namespace);
        }
        finally
        {
            File.Delete(eventFile);
        }
    }
}
