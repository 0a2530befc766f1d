using Tollgate.Core.Audit;

namespace Tollgate.Core.Tests.Audit;

/// <summary>The chain's hash: keyed by the system secret, covering every field, verifiable after the system secret rotates.</summary>
public sealed class AuditChainTests
{
    private static readonly AuditRecord Record = new(DateTimeOffset.FromUnixTimeMilliseconds(1_765_000_000_000), "tollgate-root", "10.0.0.7",
        "client.update", AuditKinds.Client, "reader", "{\"client_name\":\"a\"}", "{\"client_name\":\"b\"}");

    [Fact]
    public void Seal_LinksToThePreviousEntry_AndVerifies()
    {
        var chain = new AuditChain(["system-secret-0123456789"]);
        var first = chain.Seal(Record, 0, AuditChain.Genesis);
        var second = chain.Seal(Record with { Action = "client.delete", After = null }, first.Id, first.Hash);

        Assert.Equal(1, first.Id);
        Assert.Equal(2, second.Id);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.Matches("^[0-9a-f]{64}$", first.Hash);
        Assert.True(chain.IsIntact(first));
        Assert.True(chain.IsIntact(second));
    }

    [Fact]
    public void IsIntact_AnyFieldChanged_IsFalse()
    {
        var chain = new AuditChain(["system-secret-0123456789"]);
        var entry = chain.Seal(Record, 41, AuditChain.Genesis);
        AuditEntry[] edits =
        [
            entry with { Id = 43 }, entry with { PreviousHash = new string('1', 64) }, entry with { Hash = new string('0', 64) },
            entry with { Hash = "not hex" },
            entry with { Record = Record with { At = Record.At.AddMilliseconds(1) } }, entry with { Record = Record with { Actor = "other" } },
            entry with { Record = Record with { Address = null } }, entry with { Record = Record with { Action = "client.create" } },
            entry with { Record = Record with { ResourceKind = AuditKinds.Api } }, entry with { Record = Record with { ResourceId = "writer" } },
            entry with { Record = Record with { Before = null } }, entry with { Record = Record with { After = "{\"client_name\":\"c\"}" } },
            // Moving bytes from one field to the next is a different entry too (fields are length-prefixed).
            entry with { Record = Record with { Actor = "tollgate-root1", Address = "0.0.0.7" } },
        ];
        Assert.True(chain.IsIntact(entry));
        foreach (var edited in edits) Assert.False(chain.IsIntact(edited), edited.ToString());
    }

    [Fact]
    public void IsIntact_WithoutTheSystemSecret_CannotBeForged_ButSurvivesRotation()
    {
        var old = new AuditChain(["old-system-secret-0123456789"]);
        var entry = old.Seal(Record, 0, AuditChain.Genesis);

        Assert.False(new AuditChain(["another-secret-0123456789"]).IsIntact(entry));
        var rotated = new AuditChain(["new-system-secret-0123456789", "old-system-secret-0123456789"]);
        Assert.True(rotated.IsIntact(entry));
        Assert.NotEqual(entry.Hash, rotated.Seal(Record, 0, AuditChain.Genesis).Hash);   // new entries use the new secret
    }
}
