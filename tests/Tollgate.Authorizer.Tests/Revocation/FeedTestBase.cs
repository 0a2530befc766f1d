using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Revocation;
using Tollgate.Authorizer.Tests.Support;
using Tollgate.Authorizer.Validation;
using CoreRevocation = Tollgate.Core.Revocation.Revocation;
using Tollgate.Core.Revocation;

namespace Tollgate.Authorizer.Tests.Revocation;

/// <summary>A feed over <see cref="FakeFeed"/> on a fake clock (<see cref="TimerCountingClock"/>), and helpers to make entries and tokens.</summary>
public abstract class FeedTestBase : IAsyncLifetime
{
    protected const string Audience = "https://api.contacts.example";

    protected FeedTestBase()
    {
        Http = new HttpClient(Feed);
    }

    protected FakeFeed Feed { get; } = new();
    protected TimerCountingClock Clock { get; } = new(TestTime.Start);
    protected ListLoggerFactory Logs { get; } = new();
    protected HttpClient Http { get; }
    protected List<RevocationFeed> Made { get; } = [];
    protected long Now => Clock.GetUtcNow().ToUnixTimeSeconds();
    protected DateTimeOffset InAnHour => Clock.GetUtcNow().AddHours(1);

    protected RevocationFeed NewFeed(int pageSize = 10_000, TimeSpan? failClosedAfter = null)
    {
        var options = new RevocationFeedOptions
        {
            Url = FakeFeed.Url, ClientId = "gateway", ClientSecret = "s3cret",
            PageSize = pageSize, FailClosedAfter = failClosedAfter ?? RevocationFeedOptions.DefaultFailClosedAfter,
        };
        var feed = new RevocationFeed(options, Http, Clock, Logs.CreateLogger("feed"));
        Made.Add(feed);
        return feed;
    }

    protected CoreRevocation RevokeToken(string jti) => Feed.Add(new CoreRevocation { Kind = RevocationKind.Token, Jti = jti, ClientId = "svc", ExpiresAt = InAnHour });

    protected CoreRevocation RevokeClient(string clientId, long issuedUntil) =>
        Feed.Add(new CoreRevocation { Kind = RevocationKind.Client, ClientId = clientId, IssuedUntil = issuedUntil, ExpiresAt = InAnHour });

    protected CoreRevocation RevokeGrant(string clientId, string audience, long issuedUntil, params string[] stillAllowed) =>
        Feed.Add(new CoreRevocation { Kind = RevocationKind.Grant, ClientId = clientId, Audience = audience, IssuedUntil = issuedUntil, Scopes = [.. stillAllowed], ExpiresAt = InAnHour });

    protected static ValidatedToken Token(string jti, string clientId = "svc", string audience = Audience, long? iat = null, params string[] scopes) => new()
    {
        Issuer = "https://auth.example", Jti = jti, ClientId = clientId, Subject = clientId, Audiences = [audience], Scopes = scopes,
        IssuedAt = iat is { } at ? DateTimeOffset.FromUnixTimeSeconds(at) : null,
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var feed in Made) await feed.DisposeAsync();
        Http.Dispose();
    }
}
