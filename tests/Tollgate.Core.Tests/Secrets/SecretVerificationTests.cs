using System.Buffers.Text;
using Tollgate.Core.Secrets;

namespace Tollgate.Core.Tests.Secrets;

/// <summary>Verification against stored hashes that were tampered with, truncated or come from elsewhere: always false, never an exception.</summary>
public sealed class SecretVerificationTests
{
    private const string Secret = "tgcs_the-secret-under-test";
    private static readonly string Generated = SecretHasher.HashGenerated(Secret);
    private static readonly string Chosen = SecretHasher.HashChosen(Secret);

    private static string Part(string hash, int index) => hash.Split('$')[index];

    private static string Replace(string hash, int index, string value)
    {
        var parts = hash.Split('$');
        parts[index] = value;
        return string.Join('$', parts);
    }

    private static string FlipFirstByte(string base64Url)
    {
        var bytes = Base64Url.DecodeFromChars(base64Url);
        bytes[0] ^= 1;
        return Base64Url.EncodeToString(bytes);
    }

    public static TheoryData<string, string> Tampered => new()
    {
        { "tgs1: one digest bit flipped", Replace(Generated, 2, FlipFirstByte(Part(Generated, 2))) },
        { "tgs1: digest truncated (lengths differ in the fixed-time compare)", Replace(Generated, 2, Part(Generated, 2)[..20]) },
        { "tgs1: another salt", Replace(Generated, 1, FlipFirstByte(Part(Generated, 1))) },
        { "tgs1: empty digest", Replace(Generated, 2, "") },
        { "tgs1: an extra segment", Generated + "$x" },
        { "tgs1: upper-case scheme", "TGS1" + Generated[4..] },
        { "tgp1: one digest bit flipped", Replace(Chosen, 3, FlipFirstByte(Part(Chosen, 3))) },
        { "tgp1: fewer iterations", Replace(Chosen, 1, "1000") },
        { "tgp1: another salt", Replace(Chosen, 2, FlipFirstByte(Part(Chosen, 2))) },
        { "tgp1: digest not base64url", Replace(Chosen, 3, "!!!!") },
        { "scheme of one, layout of the other", "tgp1" + Generated[4..] },
    };

    [Theory]
    [MemberData(nameof(Tampered))]
    public void Verify_TamperedStoredHash_IsFalse(string because, string hash)
        => Assert.False(SecretHasher.Verify(Secret, hash), because);

    [Theory]
    [InlineData(Secret, true)]
    [InlineData(Secret + " ", false)]
    [InlineData("tgcs_the-secret-under-tesT", false)]
    [InlineData("", false)]
    public void Verify_BothSchemes_AcceptOnlyTheExactSecret(string candidate, bool expected)
    {
        Assert.Equal(expected, SecretHasher.Verify(candidate, Generated));
        Assert.Equal(expected, SecretHasher.Verify(candidate, Chosen));
    }
}
