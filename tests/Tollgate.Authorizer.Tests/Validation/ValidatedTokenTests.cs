using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.Tests.Validation;

public class ValidatedTokenTests
{
    [Fact]
    public void ScopeKey_SameScopesInAnyOrderOrRepeated_IsTheSame()
    {
        static string Key(params string[] scopes) => new ValidatedToken { Issuer = "i", Scopes = scopes }.ScopeKey;

        Assert.Equal("a b c", Key("c", "a", "b", "a"));
        Assert.Equal(Key("b", "a"), Key("a", "b", "b"));
        Assert.Equal("", Key());
        Assert.NotEqual(Key("a"), Key("a", "b"));
    }

    [Fact]
    public void Principal_IsClientIdElseSub()
    {
        Assert.Equal("c", new ValidatedToken { Issuer = "i", ClientId = "c", Subject = "s" }.Principal);
        Assert.Equal("s", new ValidatedToken { Issuer = "i", Subject = "s" }.Principal);
    }

    [Fact]
    public void Claims_EveryClaim_InOrderAndLookedUpByExactName()
    {
        var token = new ValidatedToken
        {
            Issuer = "https://issuer", ClientId = "c", Subject = "s", Jti = "j", Audiences = ["a1", "a2"],
            Scopes = ["read", "write"], ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
        };

        Assert.Equal(
            [new("iss", "https://issuer"), new("client_id", "c"), new("sub", "s"), new("jti", "j"), new("aud", "a1 a2"), new("exp", "1700000000"), new KeyValuePair<string, string>("scope", "read write")],
            token.Claims.ToArray());
        Assert.Equal(7, token.Claims.Count);
        Assert.Equal("j", token.Claims["jti"]);
        Assert.True(token.Claims.TryGetValue("aud", out var aud) && aud == "a1 a2");
        Assert.False(token.Claims.ContainsKey("JTI"));
        Assert.False(token.Claims.TryGetValue("nbf", out _));
        Assert.Throws<KeyNotFoundException>(() => token.Claims["nbf"]);
        Assert.Equal(token.Claims.Keys, token.Claims.Select(c => c.Key));
        Assert.Same(token.Claims, token.Claims);
    }

    [Fact]
    public void Claims_Scope_KeepsTheTokensOrderWhileScopeKeyIsSorted()
    {
        var unsorted = new ValidatedToken { Issuer = "i", Scopes = ["write", "read"] };
        var sorted = new ValidatedToken { Issuer = "i", Scopes = ["read", "write"] };

        Assert.Equal("write read", unsorted.Claims["scope"]);
        Assert.Equal("read write", unsorted.ScopeKey);
        Assert.Same(sorted.ScopeKey, sorted.Claims["scope"]);
    }

    [Fact]
    public void Claims_OnlyIssuer_IssAndEmptyScope()
    {
        var claims = new ValidatedToken { Issuer = "i" }.Claims;

        Assert.Equal([new("iss", "i"), new KeyValuePair<string, string>("scope", "")], claims.ToArray());
    }
}
