using System.Security.Cryptography;
using Tollgate.Core.Keys;

namespace Tollgate.Core.Tests.Keys;

public sealed class KeyProtectorTests
{
    private static readonly byte[] Plain = RandomNumberGenerator.GetBytes(1200);

    [Fact]
    public void Protect_RoundTrips_AndHidesThePlaintext()
    {
        var protector = new KeyProtector(["system-secret-number-one"]);
        var sealedValue = protector.Protect(Plain);
        Assert.StartsWith("v1.", sealedValue);
        Assert.DoesNotContain(Convert.ToBase64String(Plain[..32]), sealedValue);
        Assert.Equal(Plain, protector.Unprotect(sealedValue));
    }

    [Fact]
    public void RotatedSystemSecret_StillOpensOldValues_AndSealsWithTheNewOne()
    {
        var old = new KeyProtector(["system-secret-number-one"]);
        var sealedByOld = old.Protect(Plain);
        var rotated = new KeyProtector(["system-secret-number-two", "system-secret-number-one"]);
        Assert.Equal(Plain, rotated.Unprotect(sealedByOld));
        Assert.NotEqual(old.CurrentKekId, rotated.CurrentKekId);
        Assert.Throws<CryptographicException>(() => old.Unprotect(rotated.Protect(Plain)));
    }

    [Fact]
    public void Unprotect_TamperedCiphertext_Throws()
    {
        var protector = new KeyProtector(["system-secret-number-one"]);
        var parts = protector.Protect(Plain).Split('.');
        var cipher = System.Buffers.Text.Base64Url.DecodeFromChars(parts[3]);
        cipher[10] ^= 1;
        parts[3] = System.Buffers.Text.Base64Url.EncodeToString(cipher);
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(string.Join('.', parts)));
    }

    [Theory]
    [InlineData("RS256")]
    [InlineData("ES256")]
    [InlineData("PS256")]
    public void SigningKey_KidIsRfc7638Thumbprint_AndJwkHasNoPrivateMembers(string alg)
    {
        using var key = SigningKey.Generate(alg);
        var jwk = System.Text.Json.Nodes.JsonNode.Parse(key.PublicJwk)!.AsObject();
        Assert.Equal(key.Kid, jwk["kid"]!.GetValue<string>());
        Assert.Equal(alg, jwk["alg"]!.GetValue<string>());
        Assert.False(jwk.ContainsKey("d"));
        var thumbprint = new Microsoft.IdentityModel.Tokens.JsonWebKey(key.PublicJwk).ComputeJwkThumbprint();
        Assert.Equal(key.Kid, System.Buffers.Text.Base64Url.EncodeToString(thumbprint));
    }
}
