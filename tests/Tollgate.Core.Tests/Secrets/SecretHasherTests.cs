using Tollgate.Core.Secrets;

namespace Tollgate.Core.Tests.Secrets;

public sealed class SecretHasherTests
{
    [Fact]
    public void GeneratedSecret_HasPrefixAnd256Bits_AndIsUnique()
    {
        var a = SecretHasher.GenerateSecret();
        Assert.StartsWith("tgcs_", a);
        Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(a.AsSpan(5)).Length);
        Assert.NotEqual(a, SecretHasher.GenerateSecret());
    }

    [Fact]
    public void HashGenerated_VerifiesOnlyTheSameSecret_AndIsSalted()
    {
        var secret = SecretHasher.GenerateSecret();
        var hash = SecretHasher.HashGenerated(secret);
        Assert.StartsWith("tgs1$", hash);
        Assert.DoesNotContain(secret, hash);
        Assert.True(SecretHasher.Verify(secret, hash));
        Assert.False(SecretHasher.Verify(secret + "x", hash));
        Assert.False(SecretHasher.Verify("", hash));
        Assert.NotEqual(hash, SecretHasher.HashGenerated(secret));
    }

    [Fact]
    public void HashChosen_UsesPbkdf2_AndVerifies()
    {
        var hash = SecretHasher.HashChosen("correct horse battery staple");
        Assert.StartsWith("tgp1$210000$", hash);
        Assert.True(SecretHasher.Verify("correct horse battery staple", hash));
        Assert.False(SecretHasher.Verify("correct horse battery stapler", hash));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("tgs1$!!$!!")]
    [InlineData("tgx9$a$b")]
    [InlineData("tgp1$notanumber$AAAA$AAAA")]
    public void Verify_UnknownOrCorruptHash_IsFalseNotAnException(string hash)
        => Assert.False(SecretHasher.Verify("anything", hash));
}
