using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Core.Audit;

/// <summary>
/// The hash that links each audit entry to the one before it: HMAC-SHA256, under a key derived from
/// the system secret, over the previous entry's hash and the entry's canonical bytes. Keyed rather
/// than a bare SHA-256 because the threat is someone who can write to the database: with a bare
/// hash they could edit a row and recompute every hash after it; without the system secret (which
/// lives in configuration or the data directory, not in the database) they cannot. New entries use
/// the first system secret; verification accepts any configured one, so rotating the secret keeps
/// older entries verifiable while the old secret stays listed.
/// </summary>
public sealed class AuditChain
{
    /// <summary>The previous hash of the very first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    private static readonly byte[] Context = "tollgate audit chain v1"u8.ToArray();
    private readonly byte[][] _keys;

    public AuditChain(IReadOnlyList<string> systemSecrets)
    {
        if (systemSecrets.Count == 0) throw new ArgumentException("at least one system secret is needed", nameof(systemSecrets));
        _keys = [.. systemSecrets.Select(s => HMACSHA256.HashData(Encoding.UTF8.GetBytes(s), Context))];
    }

    /// <summary>The entry that follows <paramref name="previousId"/> / <paramref name="previousHash"/>, with its hash.</summary>
    public AuditEntry Seal(AuditRecord record, long previousId, string previousHash)
    {
        var id = previousId + 1;
        return new AuditEntry(id, record, previousHash, Convert.ToHexStringLower(HMACSHA256.HashData(_keys[0], Canonical(id, record, previousHash))));
    }

    /// <summary>True when the entry's hash is the HMAC of its content under one of the configured secrets.</summary>
    public bool IsIntact(AuditEntry entry)
    {
        if (entry.Hash.Length != 64) return false;
        byte[] stored;
        try { stored = Convert.FromHexString(entry.Hash); }
        catch (FormatException) { return false; }
        var bytes = Canonical(entry.Id, entry.Record, entry.PreviousHash);
        return _keys.Any(k => CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(k, bytes), stored));
    }

    /// <summary>Every field, length-prefixed (a null as length −1), so no two different entries share bytes.</summary>
    private static byte[] Canonical(long id, AuditRecord r, string previousHash)
    {
        using var stream = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var field in new[]
        {
            "v1", id.ToString(CultureInfo.InvariantCulture), r.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            r.Actor, r.Address, r.Action, r.ResourceKind, r.ResourceId, r.Before, r.After, previousHash,
        })
        {
            var bytes = field is null ? [] : Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt32BigEndian(length, field is null ? -1 : bytes.Length);
            stream.Write(length);
            stream.Write(bytes);
        }
        return stream.ToArray();
    }
}
