using System.Diagnostics;
using System.Security.Cryptography;

namespace Tollgate.Authorizer.Bench;

/// <summary>
/// The raw cost of the signatures behind every figure, on one thread: RSA-2048 PKCS#1 v1.5 and
/// ECDSA P-256 over a JWT-sized input (SHA-256 included), as .NET does them. Operations per CPU
/// second of the measuring thread (and, with a _wall suffix, per wall-clock second).
/// </summary>
public static class CryptoFloor
{
    public static Dictionary<string, double> Measure(TimeSpan each)
    {
        var input = RandomNumberGenerator.GetBytes(320); // about a JWT's header.payload
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rsaSignature = rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var ecSignature = ec.SignData(input, HashAlgorithmName.SHA256);
        var results = new Dictionary<string, double>();
        void Rate(string name, Action op)
        {
            for (var i = 0; i < 50; i++) op();
            var count = 0;
            var cpu = ThreadCpu.Nanoseconds();
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < each) { for (var i = 0; i < 20; i++) op(); count += 20; }
            results[name] = count / ((ThreadCpu.Nanoseconds() - cpu) / 1e9);
            results[name + "_wall"] = count / watch.Elapsed.TotalSeconds;
        }
        Rate("dotnet_rs256_sign", () => rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Rate("dotnet_rs256_verify", () => Check(rsa.VerifyData(input, rsaSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)));
        Rate("dotnet_es256_sign", () => ec.SignData(input, HashAlgorithmName.SHA256));
        Rate("dotnet_es256_verify", () => Check(ec.VerifyData(input, ecSignature, HashAlgorithmName.SHA256)));
        Rate("dotnet_sha256_320b", () => SHA256.HashData(input));
        return results;
    }

    private static void Check(bool ok)
    {
        if (!ok) throw new InvalidOperationException("bad signature");
    }
}
