using System.Buffers.Binary;
using System.Numerics;

namespace Tollgate.Authorizer.Revocation;

/// <summary>
/// XXH64 (xxHash spec, Yann Collet): a fast, well-distributed 64-bit non-cryptographic hash.
/// Written here rather than taken from System.IO.Hashing (same values): on the 32-byte jtis of the
/// revocation check, done on every decision, this took 8.6–9.6 ns per hash against 11.9–13.1 ns for
/// System.IO.Hashing 10.0.5 and 11.0.0's <c>XxHash64.HashToUInt64</c> (.NET 10, this 2-core machine,
/// 2026-12-07, 20 M hashes per round, alternating). Checked against xxhsum's vectors.
/// </summary>
internal static class XxHash64
{
    private const ulong P1 = 0x9E3779B185EBCA87;
    private const ulong P2 = 0xC2B2AE3D27D4EB4F;
    private const ulong P3 = 0x165667B19E3779F9;
    private const ulong P4 = 0x85EBCA77C2B2AE63;
    private const ulong P5 = 0x27D4EB2F165667C5;

    public static ulong Hash(ReadOnlySpan<byte> data, ulong seed)
    {
        var length = (ulong)data.Length;
        ulong acc;
        if (data.Length >= 32)
        {
            ulong a1 = seed + P1 + P2, a2 = seed + P2, a3 = seed, a4 = seed - P1;
            do
            {
                a1 = Round(a1, BinaryPrimitives.ReadUInt64LittleEndian(data));
                a2 = Round(a2, BinaryPrimitives.ReadUInt64LittleEndian(data[8..]));
                a3 = Round(a3, BinaryPrimitives.ReadUInt64LittleEndian(data[16..]));
                a4 = Round(a4, BinaryPrimitives.ReadUInt64LittleEndian(data[24..]));
                data = data[32..];
            }
            while (data.Length >= 32);
            acc = BitOperations.RotateLeft(a1, 1) + BitOperations.RotateLeft(a2, 7) + BitOperations.RotateLeft(a3, 12) + BitOperations.RotateLeft(a4, 18);
            acc = Merge(Merge(Merge(Merge(acc, a1), a2), a3), a4);
        }
        else acc = seed + P5;

        acc += length;
        while (data.Length >= 8)
        {
            acc ^= Round(0, BinaryPrimitives.ReadUInt64LittleEndian(data));
            acc = BitOperations.RotateLeft(acc, 27) * P1 + P4;
            data = data[8..];
        }
        if (data.Length >= 4)
        {
            acc ^= BinaryPrimitives.ReadUInt32LittleEndian(data) * P1;
            acc = BitOperations.RotateLeft(acc, 23) * P2 + P3;
            data = data[4..];
        }
        foreach (var b in data)
        {
            acc ^= b * P5;
            acc = BitOperations.RotateLeft(acc, 11) * P1;
        }

        acc ^= acc >> 33;
        acc *= P2;
        acc ^= acc >> 29;
        acc *= P3;
        acc ^= acc >> 32;
        return acc;
    }

    private static ulong Round(ulong acc, ulong lane) => BitOperations.RotateLeft(acc + lane * P2, 31) * P1;

    private static ulong Merge(ulong acc, ulong lane) => (acc ^ Round(0, lane)) * P1 + P4;
}
