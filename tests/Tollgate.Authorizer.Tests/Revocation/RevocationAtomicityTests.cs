using Tollgate.Authorizer.Revocation;

namespace Tollgate.Authorizer.Tests.Revocation;

/// <summary>Decisions made while pulls are applied see each pull whole or not at all.</summary>
public sealed class RevocationAtomicityTests : FeedTestBase
{
    [Fact]
    public async Task Check_DuringPulls_NeverSeesHalfAPage()
    {
        const int Rounds = 25;
        const int PerRound = 2_000;
        var feed = NewFeed(pageSize: PerRound);
        await feed.PullAsync();
        using var stop = new CancellationTokenSource();
        var torn = 0;
        var observed = new HashSet<int>();

        // Each round adds one page whose first and last entries revoke "r{n}-first" and "r{n}-last"
        // and a client entry for "c{n}": a reader must see all three or none.
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                for (var n = 0; n < Rounds; n++)
                {
                    // Read in page order: once an earlier entry is seen, a later read must see the later ones
                    // (entries are only added), unless the page was applied piecemeal.
                    var first = feed.Check(Token($"r{n}-first", iat: Now)) == RevocationStatus.Revoked;
                    var client = feed.Check(Token("x", clientId: $"c{n}", iat: Now)) == RevocationStatus.Revoked;
                    var last = feed.Check(Token($"r{n}-last", iat: Now)) == RevocationStatus.Revoked;
                    if ((first && !client) || (client && !last)) Interlocked.Increment(ref torn);
                    if (first) lock (observed) observed.Add(n);
                }
            }
        });

        for (var n = 0; n < Rounds; n++)
        {
            RevokeToken($"r{n}-first");
            Feed.AddTokens(Enumerable.Range(0, PerRound - 3).Select(i => $"r{n}-{i}"), InAnHour);
            RevokeClient($"c{n}", Now);
            RevokeToken($"r{n}-last");
            await feed.PullAsync();
        }
        await Task.Delay(50);
        await stop.CancelAsync();
        await reader;

        Assert.Equal(0, torn);
        Assert.Equal(Rounds * PerRound, feed.Count);
        Assert.True(observed.Count > 0, "the reader never saw a pull applied");
    }
}
