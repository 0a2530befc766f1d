using Tollgate.Authorizer.TokenHandler;

namespace Tollgate.Authorizer.Tests.TokenHandler;

public sealed class CookieHeaderTests
{
    [Theory]
    [InlineData("th-at=abc", "abc")]
    [InlineData("other=1; th-at=abc; th-csrf=def", "abc")]
    [InlineData("other=1;th-at=abc;x=2", "abc")]
    [InlineData("  th-at = abc  ; x=2", "abc")]
    [InlineData("x=1; th-at=\"abc\"", "abc")]
    [InlineData("x=1;; ;th-at=abc;", "abc")]
    [InlineData("flag; th-at=abc", "abc")]
    [InlineData("th-at=a=b", "a=b")]
    [InlineData("x=\"we;ird\"; th-at=abc", "abc")]
    public void Find_OrdinaryBrowserHeaders_FindsTheValue(string header, string expected)
    {
        var value = CookieHeader.Find(header, "th-at");

        Assert.Equal(CookieStatus.Found, value.Status);
        Assert.Equal(expected, value.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("th-csrf=abc")]
    [InlineData("TH-AT=abc")]
    [InlineData("xth-at=abc; th-att=def")]
    [InlineData("=th-at; th-at")]
    public void Find_NameNotThere_IsAbsent(string? header)
    {
        Assert.Equal(CookieStatus.Absent, CookieHeader.Find(header, "th-at").Status);
    }

    [Theory]
    [InlineData("th-at=abc; th-at=def")]
    [InlineData("th-at=abc; x=1; th-at=abc")]
    public void Find_NameSentTwice_IsDuplicateWithoutAValue(string header)
    {
        var value = CookieHeader.Find(header, "th-at");

        Assert.Equal(CookieStatus.Duplicate, value.Status);
        Assert.Null(value.Value);
    }
}
