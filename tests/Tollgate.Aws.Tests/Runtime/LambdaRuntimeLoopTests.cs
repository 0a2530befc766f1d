using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Decisions;
using Tollgate.Aws.Runtime;
using Tollgate.Aws.Tests.TestSupport;

namespace Tollgate.Aws.Tests.Runtime;

/// <summary>The whole Lambda mode in-process, against a local server that behaves as the Runtime API.</summary>
[Collection(nameof(RuntimeCollection))]
public sealed class LambdaRuntimeLoopTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> ValidSettings = new()
    {
        ["JWKS_URI"] = "https://auth.example.com/.well-known/jwks.json",
        ["TOKEN_ISSUER"] = "https://auth.example.com",
        ["AUDIENCE"] = "https://contacts.example.com",
    };

    private readonly FakeRuntimeApi api = new();
    private readonly CancellationTokenSource stop = new();
    private readonly StringWriter log = new();
    private Task<int>? running;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        if (running is not null)
        {
            await running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        await api.DisposeAsync();
        stop.Dispose();
    }

    private void Start(IAuthorizer engine, Dictionary<string, string?>? settings = null)
    {
        var environment = new Dictionary<string, string?>(settings ?? ValidSettings) { ["AWS_LAMBDA_RUNTIME_API"] = api.Address };
        running = Task.Run(() => LambdaBootstrap.RunAsync(environment, (_, _, _, _) => engine, TextWriter.Synchronized(log),
            Stream.Null, TimeProvider.System, stop.Token));
    }

    [Fact]
    public async Task Loop_SeveralInvocations_PostsEachResponseToItsOwnRequestId()
    {
        var engine = new ScriptedAuthorizer((request, _) => ValueTask.FromResult(request.Method == "POST" ? SampleDecisions.Forbidden : SampleDecisions.Allow));
        Start(engine);
        api.Enqueue("id-1", Fixtures.Bytes(Fixtures.RestToken));
        api.Enqueue("id-2", Fixtures.Bytes(Fixtures.RestRequest));
        api.Enqueue("id-3", Fixtures.Bytes(Fixtures.HttpApiV2));

        var first = await api.NextPostAsync();
        var second = await api.NextPostAsync();
        var third = await api.NextPostAsync();

        Assert.Equal("invocation/id-1/response", first.Path);
        Assert.Equal("Allow", Effect(first.Body, 0));
        Assert.Equal("invocation/id-2/response", second.Path);
        Assert.Equal("Deny", Effect(second.Body, 0));
        Assert.Equal("invocation/id-3/response", third.Path);
        Assert.True(JsonDocument.Parse(third.Body).RootElement.GetProperty("isAuthorized").GetBoolean());
        Assert.Equal("application/json", first.ContentType);
        Assert.Equal(3, engine.Requests.Count);
    }

    [Fact]
    public async Task Loop_UnauthorizedDecision_PostsExactlyUnauthorizedToTheErrorEndpoint()
    {
        Start(new ScriptedAuthorizer(SampleDecisions.Unauthorized));
        api.Enqueue("id-401", Fixtures.Bytes(Fixtures.RestToken));

        var post = await api.NextPostAsync();

        Assert.Equal("invocation/id-401/error", post.Path);
        Assert.Equal("Unauthorized", post.ErrorTypeHeader);
        JsonAssert.Equal("""{"errorMessage":"Unauthorized","errorType":"Unauthorized"}""", post.Body);
    }

    [Fact]
    public async Task Loop_HandlerCrash_PostsGenericErrorWithoutDetailsAndKeepsServing()
    {
        var calls = 0;
        Start(new ScriptedAuthorizer((_, _) => Interlocked.Increment(ref calls) == 1
            ? throw new InvalidOperationException("secret detail " + Fixtures.Token)
            : ValueTask.FromResult(SampleDecisions.Allow)));
        api.Enqueue("crash", Fixtures.Bytes(Fixtures.RestToken));
        api.Enqueue("after", Fixtures.Bytes(Fixtures.RestToken));

        var crash = await api.NextPostAsync();
        var after = await api.NextPostAsync();

        Assert.Equal("invocation/crash/error", crash.Path);
        JsonAssert.Equal("""{"errorMessage":"Internal error","errorType":"InternalError"}""", crash.Body);
        Assert.DoesNotContain("secret", crash.Body);
        Assert.DoesNotContain("stackTrace", crash.Body);
        Assert.Equal("invocation/after/response", after.Path);
        Assert.DoesNotContain("secret detail", log.ToString());
    }

    [Fact]
    public async Task Loop_InvalidEvent_PostsInvalidEventErrorAndKeepsServing()
    {
        Start(new ScriptedAuthorizer(SampleDecisions.Allow));
        api.Enqueue("bad", "{\"Records\":[]}"u8.ToArray());
        api.Enqueue("good", Fixtures.Bytes(Fixtures.RestToken));

        var bad = await api.NextPostAsync();
        var good = await api.NextPostAsync();

        Assert.Equal("invocation/bad/error", bad.Path);
        JsonAssert.Equal("""{"errorMessage":"Invalid authorizer event","errorType":"InvalidEvent"}""", bad.Body);
        Assert.Equal("invocation/good/response", good.Path);
    }

    [Fact]
    public async Task Loop_DeadlineHeader_CancelsTheDecisionAndReportsTimeout()
    {
        var cancelled = new TaskCompletionSource<DateTimeOffset>();
        Start(new ScriptedAuthorizer(async (_, ct) =>
        {
            ct.Register(() => cancelled.TrySetResult(DateTimeOffset.UtcNow));
            await Task.Delay(Timeout.Infinite, ct);
            return SampleDecisions.Allow;
        }));
        var deadline = DateTimeOffset.UtcNow.AddMilliseconds(600);
        api.Enqueue("slow", Fixtures.Bytes(Fixtures.RestToken), deadline);

        var post = await api.NextPostAsync();

        Assert.Equal("invocation/slow/error", post.Path);
        JsonAssert.Equal("""{"errorMessage":"Authorization timed out","errorType":"Timeout"}""", post.Body);
        // Precise timing is InvocationDeadlineTests' job (fake clock); here: cancelled, not left running.
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Loop_TraceIdHeader_IsExposedAsXAmznTraceId()
    {
        string? seen = null;
        Start(new ScriptedAuthorizer((_, _) =>
        {
            seen = Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID");
            return ValueTask.FromResult(SampleDecisions.Allow);
        }));
        const string trace = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1";
        api.Enqueue("traced", Fixtures.Bytes(Fixtures.RestToken), traceId: trace);

        await api.NextPostAsync();

        Assert.Equal(trace, seen);
    }

    [Fact]
    public async Task Bootstrap_InvalidConfiguration_PostsInitErrorListingEveryProblemAndExitsNonZero()
    {
        var engineBuilt = false;
        var environment = new Dictionary<string, string?>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = api.Address,
            ["JWKS_URI"] = "https://auth.example.com/jwks",
            ["TOLLGATE_ALGORITHMS"] = "HS256",
        };

        var exit = await LambdaBootstrap.RunAsync(environment, (_, _, _, _) => { engineBuilt = true; return new ScriptedAuthorizer(SampleDecisions.Allow); },
            log, Stream.Null, TimeProvider.System, stop.Token);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.False(engineBuilt);
        var post = await api.NextPostAsync();
        Assert.Equal("init/error", post.Path);
        Assert.Equal("Runtime.InvalidConfiguration", post.ErrorTypeHeader);
        var body = JsonDocument.Parse(post.Body).RootElement;
        Assert.Equal("InvalidConfiguration", body.GetProperty("errorType").GetString());
        var message = body.GetProperty("errorMessage").GetString()!;
        Assert.StartsWith("Invalid configuration (3 problems):", message);
        Assert.Contains("TOLLGATE_ALGORITHMS", message);
        Assert.Contains("TOKEN_ISSUER", message);
        Assert.Contains("AUDIENCE", message);
        Assert.Equal(0, api.NextCalls);
    }

    [Fact]
    public async Task Bootstrap_EngineFailsToStart_PostsInitErrorAndExitsNonZero()
    {
        var environment = new Dictionary<string, string?>(ValidSettings) { ["AWS_LAMBDA_RUNTIME_API"] = api.Address };

        var exit = await LambdaBootstrap.RunAsync(environment, (_, _, _, _) => throw new InvalidOperationException("JWKS unreachable"),
            log, Stream.Null, TimeProvider.System, stop.Token);

        Assert.Equal(ExitCodes.Configuration, exit);
        var post = await api.NextPostAsync();
        Assert.Equal("init/error", post.Path);
        Assert.Equal("Runtime.EngineStartFailed", post.ErrorTypeHeader);
        JsonAssert.Equal("""{"errorMessage":"The decision engine could not start: JWKS unreachable","errorType":"EngineStartFailed"}""", post.Body);
    }

    [Fact]
    public async Task Bootstrap_NoRuntimeApi_ExitsWithUsage()
    {
        var exit = await LambdaBootstrap.RunAsync(ValidSettings, (_, _, _, _) => new ScriptedAuthorizer(SampleDecisions.Allow), log,
            Stream.Null, TimeProvider.System, stop.Token);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("AWS_LAMBDA_RUNTIME_API is not set", log.ToString());
    }

    private static string Effect(string body, int statement) =>
        JsonDocument.Parse(body).RootElement.GetProperty("policyDocument").GetProperty("Statement")[statement].GetProperty("Effect").GetString()!;
}

/// <summary>Runtime tests set the process-wide _X_AMZN_TRACE_ID: never in parallel with each other.</summary>
[CollectionDefinition(nameof(RuntimeCollection), DisableParallelization = true)]
public sealed class RuntimeCollection;
