using System.Security.Cryptography;
using Tollgate.Authorizer.Revocation;

namespace Tollgate.Authorizer.Tests.Revocation;

public sealed class JtiTableTests
{
    private const uint Now = 1_900_000_000;

    private static List<TokenRevocation> Random(int count, uint expires = Now + 3600)
    {
        var bytes = RandomNumberGenerator.GetBytes(count * 8);
        return [.. Enumerable.Range(0, count).Select(i => new TokenRevocation(BitConverter.ToUInt64(bytes, i * 8) | 1, expires))];
    }

    [Fact]
    public void Build_ManyHashes_ContainsEachAndNoneOfOthers()
    {
        var added = Random(200_000);
        var others = Random(200_000);

        var table = JtiTable.Build([], added, Now);

        Assert.Equal(200_000, table.Count);
        Assert.All(added, e => Assert.True(table.Contains(e.Hash)));
        Assert.Equal(0, others.Count(e => table.Contains(e.Hash)));
    }

    [Fact]
    public void Build_AMillionEntries_TakesUnder18BytesEach()
    {
        var table = JtiTable.Build([], Random(1_000_000), Now);

        Assert.Equal(1_000_000, table.Count);
        Assert.InRange(table.Bytes / (double)table.Count, 12, 18);
    }

    [Fact]
    public void Build_SameHashTwice_KeepsOneWithTheLaterExpiry()
    {
        var table = JtiTable.Build([], [new TokenRevocation(42, Now + 10), new TokenRevocation(42, Now + 100)], Now);
        Assert.Equal(1, table.Count);
        Assert.Equal(Now + 100, table.EarliestExpiry);

        var later = JtiTable.Build([table], [], Now + 50);
        Assert.True(later.Contains(42));
    }

    [Fact]
    public void Build_FromTablesAtALaterTime_DropsExpiredEntries()
    {
        var first = JtiTable.Build([], [new TokenRevocation(1, Now + 10), new TokenRevocation(2, Now + 100)], Now);
        var second = JtiTable.Build([], [new TokenRevocation(3, Now + 200)], Now);

        var merged = JtiTable.Build([first, second], [], Now + 10);

        Assert.Equal(2, merged.Count);
        Assert.False(merged.Contains(1));
        Assert.True(merged.Contains(2));
        Assert.True(merged.Contains(3));
        Assert.Equal(Now + 100, merged.EarliestExpiry);
    }

    [Fact]
    public void JtiHash_SameJtiFromStringOrUtf8_IsTheSameAndNeverZero()
    {
        Assert.Equal(JtiHash.Of("0f4c2a"), JtiHash.Of("0f4c2a"u8));
        Assert.NotEqual(JtiHash.Of("0f4c2a"), JtiHash.Of("0f4c2b"));
        Assert.Equal(JtiHash.Of(new string('é', 300)), JtiHash.Of(System.Text.Encoding.UTF8.GetBytes(new string('é', 300))));
        Assert.NotEqual(0UL, JtiHash.Of(""));
    }
}
