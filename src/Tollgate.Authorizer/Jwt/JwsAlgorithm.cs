using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Authorizer.Jwt;

/// <summary>
/// The asymmetric JWS algorithms this authorizer can verify. There is deliberately no entry for
/// <c>none</c> or any HMAC algorithm: a token naming one is refused before a key is looked at.
/// </summary>
public sealed class JwsAlgorithm
{
    public static readonly JwsAlgorithm RS256 = new(0, "RS256", JwsKeyFamily.Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    public static readonly JwsAlgorithm RS384 = new(1, "RS384", JwsKeyFamily.Rsa, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1);
    public static readonly JwsAlgorithm RS512 = new(2, "RS512", JwsKeyFamily.Rsa, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1);
    public static readonly JwsAlgorithm PS256 = new(3, "PS256", JwsKeyFamily.Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
    public static readonly JwsAlgorithm PS384 = new(4, "PS384", JwsKeyFamily.Rsa, HashAlgorithmName.SHA384, RSASignaturePadding.Pss);
    public static readonly JwsAlgorithm PS512 = new(5, "PS512", JwsKeyFamily.Rsa, HashAlgorithmName.SHA512, RSASignaturePadding.Pss);
    public static readonly JwsAlgorithm ES256 = new(6, "ES256", JwsKeyFamily.Ec, HashAlgorithmName.SHA256, null, "P-256", 64);
    public static readonly JwsAlgorithm ES384 = new(7, "ES384", JwsKeyFamily.Ec, HashAlgorithmName.SHA384, null, "P-384", 96);
    public static readonly JwsAlgorithm ES512 = new(8, "ES512", JwsKeyFamily.Ec, HashAlgorithmName.SHA512, null, "P-521", 132);

    public static IReadOnlyList<JwsAlgorithm> All { get; } = [RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512];

    private JwsAlgorithm(int index, string name, JwsKeyFamily family, HashAlgorithmName hash, RSASignaturePadding? padding,
        string? curve = null, int signatureLength = 0)
    {
        Name = name;
        Utf8Name = Encoding.ASCII.GetBytes(name);
        Family = family;
        Hash = hash;
        Padding = padding;
        Curve = curve;
        SignatureLength = signatureLength;
        HashLength = hash == HashAlgorithmName.SHA256 ? 32 : hash == HashAlgorithmName.SHA384 ? 48 : 64;
        Index = index;
    }

    public string Name { get; }
    internal byte[] Utf8Name { get; }
    public JwsKeyFamily Family { get; }
    public HashAlgorithmName Hash { get; }
    /// <summary>RSA padding (PKCS#1 v1.5 for RS*, PSS for PS*); null for ECDSA.</summary>
    public RSASignaturePadding? Padding { get; }
    /// <summary>The JWK curve name an ECDSA algorithm needs.</summary>
    public string? Curve { get; }
    /// <summary>ECDSA: the fixed IEEE P1363 (r || s) length JWS prescribes; 0 for RSA.</summary>
    public int SignatureLength { get; }
    /// <summary>Bytes of a <see cref="Hash"/> digest.</summary>
    public int HashLength { get; }
    /// <summary>A small index, for allow-lists kept as bit masks.</summary>
    internal int Index { get; }

    public static JwsAlgorithm? Find(string name)
    {
        foreach (var alg in All)
            if (alg.Name == name) return alg;
        return null;
    }

    public override string ToString() => Name;
}

public enum JwsKeyFamily
{
    Rsa,
    Ec,
}
