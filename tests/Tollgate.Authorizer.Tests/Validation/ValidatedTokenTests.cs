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
}
