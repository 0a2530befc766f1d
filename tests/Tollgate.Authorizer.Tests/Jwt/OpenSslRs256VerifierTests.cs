using System.Security.Cryptography;
using Tollgate.Authorizer.Jwt;

namespace Tollgate.Authorizer.Tests.Jwt;

/// <summary>The direct OpenSSL RS256 path answers exactly as .NET's RSA.VerifyHash does.</summary>
public sealed class OpenSslRs256VerifierTests
{
    private static readonly RSA Signer = RSA.Create(2048);

    private static OpenSslRs256Verifier Verifier() =>
        OpenSslRs256Verifier.TryCreate(Signer) ?? throw new InvalidOperationException("no direct path here");

    private static bool DotNet(byte[] hash, byte[] signature) =>
        Signer.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Fact]
    public void TryCreate_OnLinuxWithOpenSsl3_GivesTheDirectPath()
    {
        if (!OperatingSystem.IsLinux() || SafeEvpPKeyHandle.OpenSslVersion >> 28 != 3) return;
        Assert.True(OpenSslRs256Verifier.Supported);
        using var verifier = OpenSslRs256Verifier.TryCreate(Signer);
        Assert.NotNull(verifier);
    }

    [Fact]
    public void Verify_ValidAndForgedSignatures_SameAnswerAsDotNet()
    {
        if (!OpenSslRs256Verifier.Supported) return;
        using var verifier = Verifier();
        var hash = SHA256.HashData("header.payload"u8);
        var signature = Signer.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var otherHash = SHA256.HashData("header.payload2"u8);
        var flipped = (byte[])signature.Clone();
        flipped[100] ^= 1;
        var pss = Signer.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        var sha384 = Signer.SignHash(SHA384.HashData("header.payload"u8), HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1);

        (byte[] Hash, byte[] Signature, bool Valid)[] cases =
        [
            (hash, signature, true),
            (otherHash, signature, false),
            (hash, flipped, false),
            (hash, pss, false), // PS256 signature offered as RS256
            (hash, sha384, false),
            (hash, signature[..^1], false),
            (hash, [.. signature, 0], false),
            (hash, [0, .. signature[1..]], false),
            (hash, [], false),
            (hash, Enumerable.Repeat((byte)0xff, 256).ToArray(), false),
            (hash[..31], signature, false),
            (hash, signature, true), // the context is still good after every refusal
        ];
        foreach (var (h, s, valid) in cases)
        {
            Assert.Equal(valid, verifier.Verify(h, s));
            if (h.Length == 32 && s.Length > 0) Assert.Equal(valid, DotNet(h, s));
        }
    }

    [Fact]
    public void Verify_ManyThreadsAtOnce_EveryAnswerRight()
    {
        if (!OpenSslRs256Verifier.Supported) return;
        using var verifier = Verifier();
        var signed = Enumerable.Range(0, 64).Select(i =>
        {
            var hash = SHA256.HashData(BitConverter.GetBytes(i));
            return (Hash: hash, Signature: Signer.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        }).ToArray();

        var wrong = 0;
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var (hash, signature) = signed[i % signed.Length];
            var forged = i % 3 == 0;
            var answer = verifier.Verify(forged ? signed[(i + 1) % signed.Length].Hash : hash, signature);
            if (answer == forged) Interlocked.Increment(ref wrong);
        });

        Assert.Equal(0, wrong);
    }
}
