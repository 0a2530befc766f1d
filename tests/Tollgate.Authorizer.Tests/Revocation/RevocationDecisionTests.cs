using System.Text.Json;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Revocation;
using Tollgate.Authorizer.Routing;
using Tollgate.Authorizer.Tests.Support;
using CoreRevocation = Tollgate.Core.Revocation.Revocation;
using Tollgate.Core.Revocation;

namespace Tollgate.Authorizer.Tests.Revocation;

/// <summary>The feed as the builder wires it from <see cref="AuthorizerOptions.RevocationFeed"/>, seen through decisions.</summary>
public sealed class RevocationDecisionTests : IAsyncLifetime
{
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
        if (_authorizer is not null) await _authorizer.DisposeAsync();
        _http.Dispose();
        _issuer.Dispose();
    }

    private static AuthorizerOptions Options(string issuer, RevocationFeedOptions? feed = null) => new()
    {
        Issuers = [new IssuerOptions { Issuer = issuer, Audiences = [Issuer.Audience] }],
        DefaultAction = DefaultAction.AllowAuthenticated,
        RevocationFeed = feed ?? new RevocationFeedOptions { Url = FakeFeed.Url, ClientId = "gateway", ClientSecret = "s3cret" },
    };

    private TollgateAuthorizer Build()
        => _authorizer = new AuthorizerBuilder(Options(_issuer.Server.Issuer)).WithHttpClient(_http).WithTimeProvider(_issuer.Time).WithLoggerFactory(_logs).Build();

    private ValueTask<Decision> Decide(string token) => _authorizer!.DecideAsync(AuthorizationRequest.ForToken("Bearer " + token, "GET", "/contacts"));

    private static string Jti(string token) => JsonDocument.Parse(TokenMinter.PayloadOf(token)).RootElement.GetProperty("jti").GetString()!;

    [Fact]
    public async Task Decide_TokenRevokedThroughTheFeed_IsUnauthorizedRevoked()
    {
        Build();
        Assert.True(await _authorizer!.WarmUpAsync());
        var token = _issuer.Minter().Mint();
        Assert.Equal(DecisionKind.Allow, (await Decide(token)).Kind);

        _feed.Add(new CoreRevocation { Kind = RevocationKind.Token, Jti = Jti(token), ExpiresAt = _issuer.Time.GetUtcNow().AddHours(1) });
        await _authorizer!.Revocations!.PullAsync();
        var decision = await Decide(token);

        Assert.Equal(DecisionKind.Unauthorized, decision.Kind);
        Assert.Equal(ReasonCodes.Revoked, decision.Reason);
        Assert.Equal(DecisionKind.Allow, (await Decide(_issuer.Minter().Mint())).Kind);
    }

    [Fact]
    public async Task Decide_BeforeTheFirstSync_IsRefusedStaleUntilWarmUpSyncs()
    {
        _feed.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Build();
        var token = _issuer.Minter().Mint();

        var early = await Decide(token);
        _feed.Gate.SetResult();
        var warm = await _authorizer!.WarmUpAsync();
        var later = await Decide(token);

        Assert.Equal(DecisionKind.Unauthorized, early.Kind);
        Assert.Equal(ReasonCodes.RevocationListStale, early.Reason);
        Assert.True(warm);
        Assert.Equal(DecisionKind.Allow, later.Kind);
    }

    [Fact]
    public async Task Decide_ListOlderThanTheFailClosedAge_IsUnauthorizedStaleWithALogLine()
    {
        Build();
        await _authorizer!.WarmUpAsync();
        _feed.Down = true;
        _issuer.Time.Advance(RevocationFeedOptions.DefaultFailClosedAfter + TimeSpan.FromSeconds(1));
        var token = _issuer.Minter().Mint();

        Assert.False(await _authorizer!.Revocations!.PullAsync());
        var decision = await Decide(token);

        Assert.Equal(DecisionKind.Unauthorized, decision.Kind);
        Assert.Equal(ReasonCodes.RevocationListStale, decision.Reason);
        lock (_logs.Lines)
        {
            Assert.Contains(_logs.Lines, l => l.Id.Id == LogEvents.RevocationListStale && l.Message.Contains("revocation_list_stale"));
            Assert.Contains(_logs.Lines, l => l.Id.Id == LogEvents.DecisionUnauthorized && l.Message.Contains("revocation_list_stale"));
        }
    }

    [Fact]
    public void Validate_BadFeedOptions_ListsEveryProblem()
    {
        var options = Options("https://auth.example", new RevocationFeedOptions
        {
            Url = "http://auth.example/revocations", ClientId = " ", ClientSecret = "",
            Interval = TimeSpan.Zero, FailClosedAfter = TimeSpan.FromSeconds(-1), PageSize = 60_000,
        });

        var errors = options.Validate();

        string[] expected = ["RevocationFeed.Url", "RevocationFeed.ClientId", "RevocationFeed.ClientSecret", "RevocationFeed.Interval", "RevocationFeed.FailClosedAfter", "RevocationFeed.PageSize"];
        Assert.Equal(expected.Length, errors.Count);
        foreach (var prefix in expected) Assert.Contains(errors, e => e.StartsWith(prefix, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_FailClosedAgeShorterThanTwoIntervals_IsAnError()
    {
        var options = Options("https://auth.example", new RevocationFeedOptions
        {
            Url = "https://auth.example/revocations", ClientId = "gw", ClientSecret = "x",
            Interval = TimeSpan.FromSeconds(30), FailClosedAfter = TimeSpan.FromSeconds(45),
        });

        Assert.Contains(options.Validate(), e => e.StartsWith("RevocationFeed.FailClosedAfter: at least twice", StringComparison.Ordinal));
        Assert.Empty((options with { RevocationFeed = options.RevocationFeed! with { FailClosedAfter = TimeSpan.Zero } }).Validate());
    }

    [Fact]
    public void Build_FeedOptionsAndARevocationCheckInCode_IsAnError()
    {
        var ex = Assert.Throws<AuthorizerOptionsException>(() =>
            _authorizer = new AuthorizerBuilder(Options(_issuer.Server.Issuer)).WithHttpClient(_http).WithRevocationCheck(NoRevocation.Instance).Build());

        Assert.Contains(ex.Errors, e => e.StartsWith("RevocationFeed: a revocation check was also given", StringComparison.Ordinal));
    }
}
