using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tollgate.Core.Apis;

namespace Tollgate.Core.Keys;

/// <summary>
/// One asymmetric signing key and its schedule. A key is published from <see cref="CreatedAt"/>,
/// signs from <see cref="ActivatesAt"/>, stops signing at <see cref="RetiresAt"/>, and is
/// unpublished at <see cref="ExpiresAt"/> (after the last token it signed has expired).
/// Signing is thread-safe: each caller rents its own instance of the key from a small pool.
/// </summary>
public sealed class SigningKey : IDisposable
{
    private readonly byte[] _pkcs8;
    private readonly ConcurrentBag<AsymmetricAlgorithm> _pool = new();

    private SigningKey(string kid, string alg, byte[] pkcs8, string publicJwk)
    {
        Kid = kid;
        Alg = alg;
        _pkcs8 = pkcs8;
        PublicJwk = publicJwk;
    }

    public string Kid { get; }
    public string Alg { get; }
    /// <summary>The public key as a JWK object (JSON), with kid, alg and use.</summary>
    public string PublicJwk { get; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ActivatesAt { get; init; }
    public DateTimeOffset? RetiresAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>PKCS#8 private key; only the key protector sees it, to encrypt it at rest.</summary>
    internal ReadOnlySpan<byte> Pkcs8 => _pkcs8;

    public bool SignsAt(DateTimeOffset now) => ActivatesAt <= now && (RetiresAt is null || RetiresAt > now);
    public bool PublishedAt(DateTimeOffset now) => ExpiresAt is null || ExpiresAt > now;

    public static SigningKey Generate(string alg)
    {
        using AsymmetricAlgorithm key = alg switch
        {
            SigningAlgorithms.RS256 or SigningAlgorithms.PS256 => RSA.Create(2048),
            SigningAlgorithms.ES256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
            _ => throw new ArgumentOutOfRangeException(nameof(alg), alg, "unsupported signing algorithm"),
        };
        return FromPkcs8(alg, key.ExportPkcs8PrivateKey());
    }

    public static SigningKey FromPkcs8(string alg, byte[] pkcs8, DateTimeOffset createdAt = default, DateTimeOffset activatesAt = default,
        DateTimeOffset? retiresAt = null, DateTimeOffset? expiresAt = null)
    {
        var key = Import(alg, pkcs8);
        var (thumbprintInput, jwkMembers) = PublicMembers(key);
        key.Dispose();
        var kid = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(thumbprintInput)));
        var jwk = "{" + jwkMembers + $",\"kid\":\"{kid}\",\"alg\":\"{alg}\",\"use\":\"sig\"}}";
        return new SigningKey(kid, alg, pkcs8, jwk)
        {
            CreatedAt = createdAt, ActivatesAt = activatesAt, RetiresAt = retiresAt, ExpiresAt = expiresAt,
        };
    }

    public SigningKey WithSchedule(DateTimeOffset createdAt, DateTimeOffset activatesAt, DateTimeOffset? retiresAt, DateTimeOffset? expiresAt)
        => FromPkcs8(Alg, _pkcs8, createdAt, activatesAt, retiresAt, expiresAt);

    /// <summary>Signs <paramref name="data"/> per JWS for this key's algorithm.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        var key = _pool.TryTake(out var pooled) ? pooled : Import(Alg, _pkcs8);
        try
        {
            return key switch
            {
                RSA rsa => rsa.SignData(data, HashAlgorithmName.SHA256,
                    Alg == SigningAlgorithms.PS256 ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1),
                // .NET produces IEEE P1363 (r || s), the JWS encoding.
                ECDsa ecdsa => ecdsa.SignData(data, HashAlgorithmName.SHA256),
                _ => throw new InvalidOperationException("unexpected key type"),
            };
        }
        finally
        {
            _pool.Add(key);
        }
    }

    /// <summary>A public-key instance for verifying this key's signatures.</summary>
    public AsymmetricAlgorithm CreatePublicKey()
    {
        using var key = Import(Alg, _pkcs8);
        return key switch
        {
            RSA rsa => ImportPublic(RSA.Create(), r => r.ImportParameters(rsa.ExportParameters(false))),
            ECDsa ec => ImportPublic(ECDsa.Create(), e => e.ImportParameters(ec.ExportParameters(false))),
            _ => throw new InvalidOperationException("unexpected key type"),
        };
    }

    private static T ImportPublic<T>(T key, Action<T> import) { import(key); return key; }

    private static AsymmetricAlgorithm Import(string alg, byte[] pkcs8)
    {
        AsymmetricAlgorithm key = alg == SigningAlgorithms.ES256 ? ECDsa.Create() : RSA.Create();
        key.ImportPkcs8PrivateKey(pkcs8, out _);
        return key;
    }

    /// <summary>The RFC 7638 thumbprint input and the public JWK members.</summary>
    private static (string Thumbprint, string Members) PublicMembers(AsymmetricAlgorithm key)
    {
        switch (key)
        {
            case RSA rsa:
                var p = rsa.ExportParameters(false);
                var e = Base64Url.EncodeToString(p.Exponent);
                var n = Base64Url.EncodeToString(p.Modulus);
                return ($"{{\"e\":\"{e}\",\"kty\":\"RSA\",\"n\":\"{n}\"}}", $"\"kty\":\"RSA\",\"n\":\"{n}\",\"e\":\"{e}\"");
            case ECDsa ec:
                var q = ec.ExportParameters(false).Q;
                var x = Base64Url.EncodeToString(q.X);
                var y = Base64Url.EncodeToString(q.Y);
                return ($"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{x}\",\"y\":\"{y}\"}}", $"\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"{x}\",\"y\":\"{y}\"");
            default:
                throw new InvalidOperationException("unexpected key type");
        }
    }

    public void Dispose()
    {
        while (_pool.TryTake(out var key)) key.Dispose();
    }
}
