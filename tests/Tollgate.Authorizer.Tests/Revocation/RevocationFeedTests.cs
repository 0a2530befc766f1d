using Tollgate.Authorizer.Revocation;
using Tollgate.Authorizer.Tests.Support;

namespace Tollgate.Authorizer.Tests.Revocation;

/// <summary>Pulling the feed: since, If-None-Match and 304, pages, expiry, outages and the fail-closed age.</summary>
public sealed class RevocationFeedTests : FeedTestBase
{
    [Fact]
    public async Task Pull_FirstTime_AsksSinceZeroWithBasicAuthAndAppliesEveryEntry()
    {
        RevokeToken("t1");
        RevokeClient("gone", Now);
        RevokeGrant("svc", Audience, Now, "read");
        var feed = NewFeed();

        Assert.True(await feed.PullAsync());

        var request = Assert.Single(Feed.Requests);
        Assert.Equal(0, request.Since);
        Assert.Null(request.IfNoneMatch);
        Assert.Equal(FakeFeed.Basic("gateway", "s3cret"), request.Authorization);
        Assert.Equal(3, feed.Count);
        Assert.Equal(3, feed.Version);
        Assert.Equal(Clock.GetUtcNow(), feed.LastSync);
        Assert.Equal(RevocationStatus.Revoked, feed.Check(Token("t1", iat: Now)));
    }

    [Fact]
    public async Task Pull_NothingNew_SendsIfNoneMatchGets304AndKeepsTheList()
    {
        RevokeToken("t1");
        var feed = NewFeed();
        await feed.PullAsync();
        Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.True(await feed.PullAsync());

        var second = Feed.Requests[1];
        Assert.Equal(1, second.Since);
        Assert.Equal("\"1\"", second.IfNoneMatch);
        Assert.Equal(1, feed.Count);
        Assert.Equal(Clock.GetUtcNow(), feed.LastSync);
        Assert.Equal(RevocationStatus.Revoked, feed.Check(Token("t1", iat: Now)));
    }

    [Fact]
    public async Task Pull_NewEntries_AsksSinceTheLastVersionAndAddsThem()
    {
        RevokeToken("t1");
        var feed = NewFeed();
        await feed.PullAsync();
        RevokeToken("t2");
        RevokeClient("gone", Now);

        await feed.PullAsync();

        Assert.Equal(1, Feed.Requests[1].Since);
        Assert.Equal(3, feed.Version);
        Assert.Equal(3, feed.Count);
        Assert.Equal(RevocationStatus.Revoked, feed.Check(Token("t1", iat: Now)));
        Assert.Equal(RevocationStatus.Revoked, feed.Check(Token("t2", iat: Now)));
        Assert.Equal(RevocationStatus.Revoked, feed.Check(Token("any", clientId: "gone", iat: Now)));
    }

    [Fact]
    public async Task Pull_MorePages_FollowsThemInOnePull()
    {
        Feed.AddTokens(Enumerable.Range(0, 10).Select(i => $"jti-{i}"), InAnHour);
        var feed = NewFeed(pageSize: 3);

        Assert.True(await feed.PullAsync());

        Assert.Equal([0L, 3, 6, 9], Feed.Requests.Select(r => r.Since));
        Assert.All(Feed.Requests, r => Assert.Equal(3, r.Limit));
        Assert.Equal(10, feed.Count);
        Assert.Equal(10, feed.Version);
        Assert.All(Enumerable.Range(0, 10), i => Assert.Equal(RevocationStatus.Revoked, feed.Check(Token($"jti-{i}", iat: Now))));
    }

    [Fact]
    public async Task Pull_EntriesPastTheirExp_AreDroppedWhenReadAndLater()
    {
        Feed.AddTokens(["dead"], Clock.GetUtcNow().AddSeconds(-1));
        Feed.AddTokens(["short"], Clock.GetUtcNow().AddMinutes(2));
        RevokeToken("long");
        var feed = NewFeed();
        await feed.PullAsync();
        Assert.Equal(2, feed.Count);

        Clock.Advance(TimeSpan.FromMinutes(3));
        await feed.PullAsync();

        Assert.Equal(1, feed.Count);
        Assert.Equal(RevocationStatus.Revoked, feed.Check(Token("long", iat: Now)));
        Assert.Equal(RevocationStatus.NotRevoked, feed.Check(Token("short", iat: Now)));
    }

    [Fact]
    public async Task Pull_ServerDown_KeepsTheLastListWorkingAndLogs()
    {
        RevokeToken("t1");
        var feed = NewFeed();
        await feed.PullAsync();
        var synced = feed.LastSync;
        Feed.Down = true;
        Clock.Advance(TimeSpan.FromMinutes(4));

        Assert.False(await feed.PullAsync());

        Assert.Equal(synced, feed.LastSync);
        Assert.Equal(RevocationStatus.Revoked, feed.Check(Token("t1", iat: Now)));
        Assert.Equal(RevocationStatus.NotRevoked, feed.Check(Token("t2", iat: Now)));
        Assert.Contains(Logs.Lines, l => l.Id.Id == LogEvents.RevocationFeedFailed && l.Message.Contains("connection refused"));
    }

    [Fact]
    public async Task Check_LastSyncOlderThanFailClosedAge_IsStaleUntilASyncSucceeds()
    {
        var feed = NewFeed(failClosedAfter: TimeSpan.FromMinutes(5));
        await feed.PullAsync();
        Feed.Down = true;
        Clock.Advance(TimeSpan.FromMinutes(5));
        await feed.PullAsync();
        Assert.Equal(RevocationStatus.NotRevoked, feed.Check(Token("t", iat: Now)));

        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(RevocationStatus.ListStale, feed.Check(Token("t", iat: Now)));
        Assert.Equal(RevocationStatus.ListStale, feed.Check(Token("u", iat: Now)));
        Assert.Single(Logs.Lines, l => l.Id.Id == LogEvents.RevocationListStale);

        Feed.Down = false;
        await feed.PullAsync();
        Assert.Equal(RevocationStatus.NotRevoked, feed.Check(Token("t", iat: Now)));
        Assert.Single(Logs.Lines, l => l.Id.Id == LogEvents.RevocationListFresh);
    }

    [Fact]
    public async Task Check_BeforeTheFirstSync_IsStaleUnlessFailClosedIsOff()
    {
        Feed.Down = true;
        var strict = NewFeed();
        var lenient = NewFeed(failClosedAfter: TimeSpan.Zero);
        await strict.PullAsync();
        await lenient.PullAsync();

        Assert.Null(strict.LastSync);
        Assert.Equal(RevocationStatus.ListStale, strict.Check(Token("t", iat: Now)));
        Assert.Equal(RevocationStatus.NotRevoked, lenient.Check(Token("t", iat: Now)));
    }

    [Fact]
    public async Task Pull_WhileAnotherIsUnderWay_JoinsItInsteadOfAskingAgain()
    {
        RevokeToken("t1");
        var feed = NewFeed();
        Feed.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var pulls = Enumerable.Range(0, 8).Select(_ => feed.PullAsync()).ToList();
        await WaitUntil(() => Feed.Requests.Count == 1);
        Feed.Gate.SetResult();
        var results = await Task.WhenAll(pulls);

        Assert.All(results, Assert.True);
        Assert.Single(Feed.Requests);
        Assert.Equal(1, feed.Count);
    }

    [Fact]
    public async Task Pull_FeedRestartedBelowOurVersion_ReplacesTheWholeList()
    {
        RevokeToken("old1");
        RevokeToken("old2");
        var feed = NewFeed();
        await feed.PullAsync();
        Feed.Reset();
        RevokeToken("new1");

        Assert.True(await feed.PullAsync());

        Assert.Equal(1, feed.Version);
        Assert.Equal(RevocationStatus.NotRevoked, feed.Check(Token("old1", iat: Now)));
        Assert.Equal(RevocationStatus.Revoked, feed.Check(Token("new1", iat: Now)));
        Assert.Contains(Logs.Lines, l => l.Id.Id == LogEvents.RevocationFeedRestarted);
    }

    [Fact]
    public async Task Pull_EntryMissingWhatItsRuleNeeds_FailsTheSyncAndKeepsTheList()
    {
        RevokeToken("t1");
        var feed = NewFeed();
        await feed.PullAsync();
        Feed.Add(new Core.Revocation.Revocation { Kind = Core.Revocation.RevocationKind.Client, ClientId = "x", ExpiresAt = InAnHour }); // no issued_until

        Assert.False(await feed.PullAsync());

        Assert.Equal(1, feed.Version);
        Assert.Equal(RevocationStatus.Revoked, feed.Check(Token("t1", iat: Now)));
        Assert.Contains(Logs.Lines, l => l.Id.Id == LogEvents.RevocationFeedFailed && l.Message.Contains("issued_until"));
    }

    [Fact]
    public async Task Start_OnTheInjectedClock_PullsNowAndEveryIntervalUntilDisposed()
    {
        var feed = NewFeed();
        feed.Start();
        await WaitUntil(() => feed.LastSync is not null && Clock.LiveTimers == 1);
        RevokeToken("t1");

        Clock.Advance(TimeSpan.FromSeconds(5));
        await WaitUntil(() => feed.Count == 1);
        Assert.Equal([0L, 0], Feed.Requests.Select(r => r.Since));

        await feed.DisposeAsync();
        Clock.Advance(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        Assert.Equal(2, Feed.Requests.Count);
        Assert.Equal(0, Clock.LiveTimers);
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition(), "condition not met within 5 s");
    }
}
