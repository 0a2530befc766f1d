using System.Text;
using Tollgate.Authorizer.Revocation;

namespace Tollgate.Authorizer.Tests.Revocation;

public sealed class XxHash64Tests
{
    /// <summary>Expected values from <c>printf '%s' INPUT | xxhsum -H1</c> (xxhsum 0.8.1, seed 0): every code path (tail bytes, 4, 8, stripes of 32).</summary>
    [Theory]
    [InlineData("", "ef46db3751d8e999")]
    [InlineData("abc", "44bc2cf5ad770999")]
    [InlineData("12345678", "d2d02f08cf7cfd4a")]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015", "64af58714e5e2b2a")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789", "a76190c3acf08a1c")]
    [InlineData("a8f5f167f44f4964e6c998dee827110c6d4c5e3d9b2f1e0a7f6c5b4a39281706ff", "2ea2aa02c4291a32")]
    public void Hash_KnownInput_MatchesTheReferenceImplementation(string input, string expected) =>
        Assert.Equal(expected, XxHash64.Hash(Encoding.ASCII.GetBytes(input), 0).ToString("x16"));

    [Fact]
    public void Hash_OtherSeed_GivesAnotherValue() =>
        Assert.NotEqual(XxHash64.Hash("abc"u8, 0), XxHash64.Hash("abc"u8, 1));
}
