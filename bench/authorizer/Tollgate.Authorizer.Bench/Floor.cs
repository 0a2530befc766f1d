using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Authorizer.Bench;

/// <summary>What one RS256 decision cannot go below: the RSA verification itself.</summary>
public static class Floor
{
    private static RSA? _key;

    /// <summary>The RSA public key of the token set, once <see cref="Prepare"/> has run.</summary>
    public static RSA Key => _key!;

    public static (byte[] Input, byte[] Signature)[] Prepare(TokenSet tokens)
    {
        var jwk = tokens.Jwks.GetProperty("keys")[0];
        _key = RSA.Create(new RSAParameters
        {
            Modulus = Base64Url.DecodeFromChars(jwk.GetProperty("n").GetString()),
            Exponent = Base64Url.DecodeFromChars(jwk.GetProperty("e").GetString()),
        });
        return [.. tokens.Rs256.Select(t =>
        {
            var dot = t.LastIndexOf('.');
            return (Encoding.ASCII.GetBytes(t[..dot]), Base64Url.DecodeFromChars(t.AsSpan(dot + 1)));
        })];
    }

    public static void Verify((byte[] Input, byte[] Signature) token)
    {
        if (!_key!.VerifyData(token.Input, token.Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            throw new InvalidOperationException("bad signature");
    }
}
