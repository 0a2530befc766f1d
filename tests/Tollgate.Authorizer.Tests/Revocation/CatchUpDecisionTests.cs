using System.Text.Json;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Routing;
using Tollgate.Authorizer.Tests.Support;
using CoreRevocation = Tollgate.Core.Revocation.Revocation;
using Tollgate.Core.Revocation;

namespace Tollgate.Authorizer.Tests.Revocation;

/// <summary>
/// <see cref="RevocationFeedOptions.CatchUpWait"/>: a host whose timers stop between requests
/// (Lambda) is "frozen" here by setting the fake clock past the interval without firing its timers
/// (<see cref="Freeze"/>), so the polling timer does not fire. Decisions then pull first.
/// </summary>
public sealed class CatchUpDecisionTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly Issuer _issuer = new();
    private readonly FakeFeed _feed = new();
    private readonly ListLoggerFactory _logs = new();
    private HttpClient _http = null!;
    private TollgateAuthorizer? _authorizer;

    public Task InitializeAsync()
    {
        _http = new HttpClient(_feed);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _feed.Gate?.TrySetResult();
        if (_authorizer is not null) await _authorizer.DisposeAsync();
        _http.Dispose();
        _issuer.Dispose();
    }

    private TollgateAuthorizer Build(TimeSpan catchUpWait)
    {
        var options = new AuthorizerOptions
        {
            Issuers = [new IssuerOptions { Issuer = _issuer.Server.Issuer, Audiences = [Issuer.Audience] }],
            DefaultAction = DefaultAction.AllowAuthenticated,
            RevocationFeed = new RevocationFeedOptions { Url = FakeFeed.Url, ClientId = "gateway", ClientSecret = "s3cret", Interval = Interval, CatchUpWait = catchUpWait },
        };
        return _authorizer = new AuthorizerBuilder(options).WithHttpClient(_http).WithTimeProvider(_issuer.Time).WithLoggerFactory(_logs).Build();
    }

    private async Task<TollgateAuthorizer> BuildWarm(TimeSpan catchUpWait)
    {
        var authorizer = Build(catchUpWait);
        Assert.True(await authorizer.WarmUpAsync());
        return authorizer;
    }

    private ValueTask<Decision> Decide(string token) => _authorizer!.DecideAsync(AuthorizationRequest.ForToken("Bearer " + token, "GET", "/contacts"));

    private void Revoke(string token)
    {
        var jti = JsonDocument.Parse(TokenMinter.PayloadOf(token)).RootElement.GetProperty("jti").GetString()!;
        _feed.Add(new CoreRevocation { Kind = RevocationKind.Token, Jti = jti, ExpiresAt = _issuer.Time.GetUtcNow().AddHours(1) });
    }

    /// <summary>The clock moves on, the timers stay where they were: a process frozen for <paramref name="by"/>.</summary>
    private void Freeze(TimeSpan by) => _issuer.Time.AdjustTime(_issuer.Time.GetUtcNow() + by);

    private bool Logged(int id) { lock (_logs.Lines) return _logs.Lines.Any(l => l.Id.Id == id); }

    [Fact]
    public async Task Decide_FrozenLongerThanTheInterval_PullsFirstAndRefusesATokenRevokedMeanwhile()
    {
        await BuildWarm(TimeSpan.FromSeconds(2));
        var token = _issuer.Minter().Mint();
        Assert.Equal(DecisionKind.Allow, (await Decide(token)).Kind);
        var requests = _feed.Requests.Count;

        Revoke(token);
        Freeze(TimeSpan.FromMinutes(1));
        var decision = await Decide(token);

        Assert.Equal(DecisionKind.Unauthorized, decision.Kind);
        Assert.Equal(ReasonCodes.Revoked, decision.Reason);
        Assert.Equal(requests + 1, _feed.Requests.Count);
        Assert.True(Logged(LogEvents.RevocationListCaughtUp));
        Assert.Equal(DecisionKind.Allow, (await Decide(_issuer.Minter().Mint())).Kind);
        Assert.Equal(requests + 1, _feed.Requests.Count); // fresh again: no pull per decision
    }

    [Fact]
    public async Task Decide_FrozenWithoutCatchUp_DecidesOnTheOldList()
    {
        await BuildWarm(TimeSpan.Zero);
        var token = _issuer.Minter().Mint();
        var requests = _feed.Requests.Count;

        Revoke(token);
        Freeze(TimeSpan.FromMinutes(1));

        Assert.Equal(DecisionKind.Allow, (await Decide(token)).Kind);
        Assert.Equal(requests, _feed.Requests.Count);
    }

    [Fact]
    public async Task Decide_ListYoungerThanTheInterval_DoesNotPull()
    {
        await BuildWarm(TimeSpan.FromSeconds(2));
        var requests = _feed.Requests.Count;

        Freeze(Interval - TimeSpan.FromMilliseconds(1));
        for (var i = 0; i < 5; i++) Assert.Equal(DecisionKind.Allow, (await Decide(_issuer.Minter().Mint())).Kind);

        Assert.Equal(requests, _feed.Requests.Count);
    }

    [Fact]
    public async Task Decide_BeforeTheFirstSync_WaitsForItInsteadOfRefusingStale()
    {
        Build(TimeSpan.FromSeconds(2));

        var decision = await Decide(_issuer.Minter().Mint());

        Assert.Equal(DecisionKind.Allow, decision.Kind);
        Assert.Single(_feed.Requests); // joined the pull the builder started
    }

    [Fact]
    public async Task Decide_FeedDown_DecidesOnTheLastListAndDoesNotRetryWithinTheInterval()
    {
        await BuildWarm(TimeSpan.FromSeconds(2));
        var token = _issuer.Minter().Mint();
        var requests = _feed.Requests.Count;
        _feed.Down = true;
        Freeze(TimeSpan.FromMinutes(1));

        Assert.Equal(DecisionKind.Allow, (await Decide(token)).Kind); // within the fail-closed age
        Assert.Equal(requests + 1, _feed.Requests.Count);
        Assert.Equal(DecisionKind.Allow, (await Decide(token)).Kind);
        Assert.Equal(requests + 1, _feed.Requests.Count);

        Freeze(Interval + TimeSpan.FromSeconds(1));
        _feed.Down = false;
        Revoke(token);
        Assert.Equal(ReasonCodes.Revoked, (await Decide(token)).Reason);
    }

    [Fact]
    public async Task Decide_FeedHangs_WaitsNoLongerThanCatchUpWaitThenLetsTheTimerRetry()
    {
        await BuildWarm(TimeSpan.FromMilliseconds(300));
        var token = _issuer.Minter().Mint();
        var requests = _feed.Requests.Count;
        _feed.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Freeze(TimeSpan.FromMinutes(1));

        var first = Decide(token).AsTask();
        await RevocationFeedTests.WaitUntil(() => _feed.Requests.Count == requests + 1);   // the catch-up pull hangs
        _issuer.Time.Advance(TimeSpan.FromMilliseconds(299));
        Assert.False(first.IsCompleted, "the first decision gave up before CatchUpWait");
        _issuer.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(DecisionKind.Allow, (await first.WaitAsync(TimeSpan.FromSeconds(5))).Kind);

        // The clock does not move again: a second decision that waited for the hanging pull would time out here.
        Assert.Equal(DecisionKind.Allow, (await Decide(token).AsTask().WaitAsync(TimeSpan.FromSeconds(5))).Kind);
        Assert.True(Logged(LogEvents.RevocationCatchUpGaveUp));
    }

    [Fact]
    public async Task Decide_JoinedPullStartedBeforeTheFreeze_PullsOnceMore()
    {
        await BuildWarm(TimeSpan.FromSeconds(2));
        var token = _issuer.Minter().Mint();
        var requests = _feed.Requests.Count;
        _feed.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var frozenPull = _authorizer!.Revocations!.PullAsync();             // under way when the process froze
        await RevocationFeedTests.WaitUntil(() => _feed.Requests.Count == requests + 1);
        Freeze(TimeSpan.FromMinutes(1));

        var decision = Decide(token).AsTask();
        _feed.Gate.SetResult();
        Assert.Equal(DecisionKind.Allow, (await decision).Kind);
        Assert.True(await frozenPull);

        Assert.Equal(requests + 2, _feed.Requests.Count);
    }

    [Fact]
    public void Validate_CatchUpWaitOutOfRange_IsAnError()
    {
        var options = new AuthorizerOptions
        {
            Issuers = [new IssuerOptions { Issuer = "https://auth.example", Audiences = ["api"] }],
            RevocationFeed = new RevocationFeedOptions { Url = "https://auth.example/revocations", ClientId = "gw", ClientSecret = "x", CatchUpWait = TimeSpan.FromMinutes(1) },
        };

        Assert.Contains(options.Validate(), e => e.StartsWith("RevocationFeed.CatchUpWait", StringComparison.Ordinal));
    }
}
