using Tollgate.Authorizer.Revocation;
using CoreRevocation = Tollgate.Core.Revocation.Revocation;

namespace Tollgate.Authorizer.Tests.Revocation;

/// <summary>The authorizer's copy of the list decides exactly as the server's rule (Tollgate.Core's <c>Revocation.Matches</c>).</summary>
public sealed class RevocationMatchingTests : FeedTestBase
{
    private static readonly string[][] ScopeSets = [[], ["read"], ["write"], ["read", "write"], ["admin"]];

    [Fact]
    public async Task Check_EveryKindOfEntryAgainstManyTokens_AgreesWithTheServerRule()
    {
        var t = Now - 1000;
        List<CoreRevocation> entries =
        [
            RevokeToken("jti-revoked"),
            RevokeClient("deleted", t),
            RevokeClient("deleted", t - 50),                 // an older client entry: the later one covers it
            RevokeGrant("narrowed", Audience, t, "read"),    // write removed
            RevokeGrant("narrowed", Audience, t - 20, "read", "write", "admin"), // nothing removed then: matches nothing
            RevokeGrant("removed", "https://other.example", t),                 // grant removed: any scope
        ];
        var feed = NewFeed();
        Assert.True(await feed.PullAsync());

        var checkedTokens = 0;
        var revoked = 0;
        foreach (var jti in new[] { "jti-revoked", "jti-other" })
        foreach (var client in new[] { "deleted", "narrowed", "removed", "innocent" })
        foreach (var audience in new[] { Audience, "https://other.example" })
        foreach (var iat in new long[] { t - 51, t - 50, t - 21, t - 20, t, t + 1 })
        foreach (var scopes in ScopeSets)
        {
            var expected = entries.Any(e => e.Matches(jti, client, audience, iat, scopes));
            var actual = feed.Check(Token(jti, client, audience, iat, scopes));
            Assert.True(expected == (actual == RevocationStatus.Revoked),
                $"jti={jti} client={client} aud={audience} iat={iat - t:+0;-0} scopes=[{string.Join(' ', scopes)}]: server {expected}, feed {actual}");
            checkedTokens++;
            if (expected) revoked++;
        }
        Assert.Equal(2 * 4 * 2 * 6 * 5, checkedTokens);
        Assert.InRange(revoked, checkedTokens / 10, checkedTokens - checkedTokens / 10); // both outcomes well represented
    }

    [Fact]
    public async Task Check_TokenEntry_MatchesOnlyThatJti()
    {
        RevokeToken("a1b2c3");
        var feed = NewFeed();
        await feed.PullAsync();

        Assert.Equal(RevocationStatus.Revoked, feed.Check(Token("a1b2c3", iat: Now)));
        Assert.Equal(RevocationStatus.NotRevoked, feed.Check(Token("a1b2c4", iat: Now)));
        Assert.Equal(RevocationStatus.NotRevoked, feed.Check(Token("A1B2C3", iat: Now)));
    }

    [Fact]
    public async Task Check_ClientEntry_RevokesTokensIssuedUpToItsSecondInclusive()
    {
        RevokeClient("svc", Now);
        var feed = NewFeed();
        await feed.PullAsync();

        Assert.Equal(RevocationStatus.Revoked, feed.Check(Token("x", iat: Now)));
        Assert.Equal(RevocationStatus.Revoked, feed.Check(Token("y", iat: Now - 3600)));
        Assert.Equal(RevocationStatus.NotRevoked, feed.Check(Token("z", iat: Now + 1)));
        Assert.Equal(RevocationStatus.NotRevoked, feed.Check(Token("w", clientId: "other", iat: Now - 10)));
    }

    [Fact]
    public async Task Check_TokenWithoutIat_IsCaughtByClientEntries()
    {
        RevokeClient("svc", Now);
        var feed = NewFeed();
        await feed.PullAsync();

        Assert.Equal(RevocationStatus.Revoked, feed.Check(Token("no-iat", iat: null, scopes: ["read"])));
    }

    [Fact]
    public async Task Check_NarrowedGrant_RevokesOldTokensWithRemovedScopeOnly()
    {
        RevokeGrant("svc", Audience, Now, "read");
        var feed = NewFeed();
        await feed.PullAsync();

        Assert.Equal(RevocationStatus.Revoked, feed.Check(Token("old-rw", iat: Now - 5, scopes: ["read", "write"])));
        Assert.Equal(RevocationStatus.NotRevoked, feed.Check(Token("old-r", iat: Now - 5, scopes: ["read"])));
        Assert.Equal(RevocationStatus.NotRevoked, feed.Check(Token("new-rw", iat: Now + 1, scopes: ["read", "write"])));
        Assert.Equal(RevocationStatus.NotRevoked, feed.Check(Token("other-api", audience: "https://billing.example", iat: Now - 5, scopes: ["write"])));
    }

    [Fact]
    public async Task Check_TokenForSeveralAudiences_IsRevokedByAGrantEntryOfAnyOfThem()
    {
        RevokeGrant("svc", "https://billing.example", Now);
        var feed = NewFeed();
        await feed.PullAsync();
        var token = Token("multi", iat: Now - 1, scopes: ["read"]);

        var multi = new Tollgate.Authorizer.Validation.ValidatedToken
        {
            Issuer = token.Issuer, Jti = token.Jti, ClientId = token.ClientId, IssuedAt = token.IssuedAt, Scopes = token.Scopes,
            Audiences = [Audience, "https://billing.example"],
        };

        Assert.Equal(RevocationStatus.Revoked, feed.Check(multi));
        Assert.Equal(RevocationStatus.NotRevoked, feed.Check(token));
    }
}
