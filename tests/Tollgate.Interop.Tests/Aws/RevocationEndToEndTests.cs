using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Tollgate.Aws.Tests.TestSupport;
using static Tollgate.Interop.Tests.Aws.PolicyAssert;

namespace Tollgate.Interop.Tests.Aws;

/// <summary>
/// The real <c>bootstrap</c> pulling the real server's revocation feed: a JWT revoked through
/// <c>POST /oauth2/revoke</c> is refused by the next <c>bootstrap invoke</c>, and in Lambda mode by
/// the next invocation after the process was frozen (SIGSTOP, as Lambda freezes it) while the
/// revocation was made — the polling timer did not run, the invocation pulled first.
/// </summary>
[Collection(AwsEndToEndCollection.Name)]
public sealed class RevocationEndToEndTests(AwsEndToEndFixture fixture)
{
    private const string UnauthorizedError = """{"errorMessage":"Unauthorized","errorType":"Unauthorized"}""";
    private static readonly TimeSpan InvokeTimeout = TimeSpan.FromSeconds(45);

    /// <summary>The contacts environment plus the feed, read with a client of its own (TOLLGATE_REVOCATION_CLIENT_*).</summary>
    private Dictionary<string, string> WithFeed(Dictionary<string, string> environment, int intervalSeconds)
    {
        environment["TOLLGATE_REVOCATION_FEED_URL"] = fixture.RevocationFeedUrl;
        environment["TOLLGATE_REVOCATION_CLIENT_ID"] = fixture.FeedReader.ClientId;
        environment["TOLLGATE_REVOCATION_CLIENT_SECRET"] = fixture.FeedReader.ClientSecret;
        environment["TOLLGATE_REVOCATION_INTERVAL_SECONDS"] = intervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["TOLLGATE_LOG_LEVEL"] = "debug";
        return environment;
    }

    private async Task<InvokeResult> InvokeAsync(string token, string name)
    {
        var eventFile = Path.Combine(Path.GetTempPath(), $"tollgate-revocation-{Guid.NewGuid():N}-{name}.json");
        await File.WriteAllTextAsync(eventFile, AuthorizerEvents.Build(EventShape.RestToken, ApiCall.ListContacts, "Bearer " + token));
        try
        {
            return await BootstrapRunner.InvokeAsync(eventFile, WithFeed(fixture.Environment(EventShape.RestToken, Caller.ReadService), 5), InvokeTimeout);
        }
        finally
        {
            File.Delete(eventFile);
        }
    }

    [Fact]
    public async Task Invoke_TokenRevokedThroughTheServer_IsAllowedBeforeAndUnauthorizedAfter()
    {
        var token = await fixture.Http.AccessTokenAsync(fixture.ReadService, AwsEndToEndFixture.ContactsAudience);

        var before = await InvokeAsync(token, "before");
        await fixture.Http.RevokeAsync(fixture.ReadService, token);
        var after = await InvokeAsync(token, "after");

        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.Equal("Allow", Effect(Assert.Single(Statements(before.Json))));
        Assert.True(after.ExitCode == 1, after.ToString());
        Assert.Equal(UnauthorizedError, after.Stdout.Trim());
        Assert.Equal("revoked", after.LoggedReason);
        foreach (var run in new[] { before, after })
        {
            Assert.DoesNotContain(token, run.Stdout + run.Stderr);
            Assert.DoesNotContain(fixture.FeedReader.ClientSecret, run.Stderr);
        }
    }

    [Fact]
    public async Task Lambda_RevokedWhileFrozen_TheNextInvocationPullsFirstAndRefusesIt()
    {
        const int interval = 2;
        var revoked = await fixture.Http.AccessTokenAsync(fixture.ReadService, AwsEndToEndFixture.ContactsAudience);
        var kept = await fixture.Http.AccessTokenAsync(fixture.ReadService, AwsEndToEndFixture.ContactsAudience);
        await using var runtime = new FakeRuntimeApi();
        // The feed's client defaults to the introspection client here (CLIENT_ID / CLIENT_SECRET).
        var environment = WithFeed(fixture.Environment(EventShape.RestToken, Caller.ReadService), interval);
        environment.Remove("TOLLGATE_REVOCATION_CLIENT_ID");
        environment.Remove("TOLLGATE_REVOCATION_CLIENT_SECRET");
        environment["INTROSPECTION_URL"] = fixture.Server.Url + "/oauth2/introspect";
        environment["CLIENT_ID"] = fixture.FeedReader.ClientId;
        environment["CLIENT_SECRET"] = fixture.FeedReader.ClientSecret;
        await using var lambda = LambdaProcess.Start(runtime.Address, environment);

        async Task<PostedRequest> InvokeAsync(string id, string token)
        {
            runtime.Enqueue(id, Encoding.UTF8.GetBytes(AuthorizerEvents.Build(EventShape.RestToken, ApiCall.ListContacts, "Bearer " + token)));
            return await runtime.NextPostAsync(TimeSpan.FromSeconds(30));
        }
        async Task WaitForNextCall(int calls)
        {
            var clock = Stopwatch.StartNew();
            while (runtime.NextCalls < calls && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(20);
            Assert.True(runtime.NextCalls >= calls, lambda.Stderr);
        }

        AssertAllowed(await InvokeAsync("1-allowed", revoked));
        AssertAllowed(await InvokeAsync("2-other-allowed", kept));
        await WaitForNextCall(3);                       // back in "next": where Lambda freezes the environment

        await lambda.FreezeAsync();
        try
        {
            await fixture.Http.RevokeAsync(fixture.ReadService, revoked);
            await Task.Delay(TimeSpan.FromSeconds(interval + 1)); // the list is now older than the interval
            runtime.Enqueue("3-revoked-while-frozen", Encoding.UTF8.GetBytes(AuthorizerEvents.Build(EventShape.RestToken, ApiCall.ListContacts, "Bearer " + revoked)));
        }
        finally
        {
            await lambda.ThawAsync();
        }
        var refused = await runtime.NextPostAsync(TimeSpan.FromSeconds(30));
        var others = await InvokeAsync("4-other-still-allowed", kept);
        var again = await InvokeAsync("5-revoked-again", revoked);

        AssertUnauthorized(refused);
        AssertAllowed(others);
        AssertUnauthorized(again);
        var lines = LogLines(lambda.Stderr);
        var decisions = lines.Where(l => l.Event == "Decision").Select(l => l.Json.GetProperty("reason").GetString()).ToList();
        Assert.Equal(["allowed", "allowed", "revoked", "allowed", "revoked"], decisions);
        // Synced at init (before RuntimeReady); after the thaw the revocation was pulled before the
        // third decision. Which pull brought it is a race, as on Lambda: the timer's overdue tick
        // fires at thaw too, and when it has not finished the invocation waits for it (CaughtUp).
        var events = lines.Select(l => l.Event).ToList();
        var firstSync = events.FindIndex(e => e is "Synced" or "Unchanged");
        Assert.True(firstSync >= 0 && firstSync < events.IndexOf("RuntimeReady"), string.Join(", ", events));
        var decisionIndexes = events.Select((e, i) => (e, i)).Where(x => x.e == "Decision").Select(x => x.i).ToList();
        var afterThaw = events[decisionIndexes[1]..decisionIndexes[2]];
        Assert.True(afterThaw.Contains("Synced"), lambda.Stderr);
        Assert.DoesNotContain(revoked, lambda.Stderr);
        Assert.DoesNotContain(fixture.FeedReader.ClientSecret, lambda.Stderr);
        Assert.False(lambda.HasExited, lambda.Stderr);
    }

    private static List<(string? Event, JsonElement Json)> LogLines(string stderr) =>
        stderr.Split('\n').Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .Select(j => (j.TryGetProperty("event", out var e) ? e.GetString() : null, j))
            .ToList();

    private static void AssertAllowed(PostedRequest post)
    {
        Assert.EndsWith("/response", post.Path);
        using var document = JsonDocument.Parse(post.Body);
        Assert.Equal("Allow", Effect(Assert.Single(Statements(document.RootElement.Clone()))));
    }

    private static void AssertUnauthorized(PostedRequest post)
    {
        Assert.EndsWith("/error", post.Path);
        Assert.Equal("Unauthorized", post.ErrorTypeHeader);
        using var error = JsonDocument.Parse(post.Body);
        Assert.Equal("Unauthorized", error.RootElement.GetProperty("errorMessage").GetString());
    }
}
