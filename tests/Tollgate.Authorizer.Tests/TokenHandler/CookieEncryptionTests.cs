using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Tollgate.Authorizer.TokenHandler;

namespace Tollgate.Authorizer.Tests.TokenHandler;

public sealed class CookieEncryptionTests
{
    private static readonly JsonElement Vector = LoadVector();
    private static readonly string Key = Vector.GetProperty("key").GetString()!;
    private static readonly string Plaintext = Vector.GetProperty("plaintext").GetString()!;
    private static readonly string Cookie = Vector.GetProperty("cookie").GetString()!;

    private static JsonElement LoadVector()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TokenHandler", "Fixtures", "cookie-v1.json"));
        return JsonDocument.Parse(json).RootElement.GetProperty("vectors")[0].Clone();
    }

    private static bool Decrypts(string value) => CookieEncryption.TryDecrypt(value, Key, out _);

    /// <summary>The vector's bytes with one byte flipped at <paramref name="index"/> (negative: from the end).</summary>
    private static string Flip(int index)
    {
        var bytes = Base64Url.DecodeFromChars(Cookie);
        bytes[index < 0 ? bytes.Length + index : index] ^= 0x01;
        return Base64Url.EncodeToString(bytes);
    }

    [Fact]
    public void Decrypt_PublishedVector_GivesItsPlaintext()
    {
        Assert.Equal(Plaintext, CookieEncryption.Decrypt(Cookie, Key));
    }

    [Fact]
    public void Decrypt_UppercaseHexKey_GivesThePlaintext()
    {
        Assert.Equal(Plaintext, CookieEncryption.Decrypt(Cookie, Key.ToUpperInvariant()));
    }

    [Theory]
    [InlineData(0)]      // version
    [InlineData(1)]      // first IV byte
    [InlineData(12)]     // last IV byte
    [InlineData(13)]     // first ciphertext byte
    [InlineData(-17)]    // last ciphertext byte
    [InlineData(-16)]    // first tag byte
    [InlineData(-1)]     // last tag byte
    public void Decrypt_OneByteTampered_IsRefused(int index)
    {
        Assert.False(Decrypts(Flip(index)));
    }

    [Fact]
    public void Decrypt_Version2WithValidRest_IsRefused()
    {
        var bytes = Base64Url.DecodeFromChars(Cookie);
        bytes[0] = 0x02;
        Assert.False(Decrypts(Base64Url.EncodeToString(bytes)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(16)]
    [InlineData(22)]
    public void Decrypt_Truncated_IsRefused(int removedChars)
    {
        Assert.False(Decrypts(Cookie[..^removedChars]));
    }

    [Fact]
    public void Decrypt_OnlyVersionIvAndTag_IsRefused()
    {
        var bytes = new byte[1 + 12 + 16];
        bytes[0] = 1;
        Assert.False(Decrypts(Base64Url.EncodeToString(bytes)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("=")]
    [InlineData("not base64url!")]
    [InlineData("AUixxnN28w2MjVK7sMZ3GqErPlw15NwIng+V8amEv5eu43Wr1nzhif1hU2QpKbw/L55GVxD0Kz4gKVG539ywk6g")]
    [InlineData("AUixxnN28w2MjVK7sMZ3GqErPlw15NwIng-V8amEv5eu43Wr1nzhif1hU2QpKbw_L55GVxD0Kz4gKVG539ywk6g=")]
    [InlineData("AUixxnN28w2MjVK7sMZ3GqErPlw15NwIng-V8amEv5eu43Wr1nzhif1hU2QpKbw_L55GVxD0Kz4gKVG539ywk6g ")]
    public void Decrypt_BadBase64Url_IsRefused(string value)
    {
        Assert.False(Decrypts(value));
    }

    [Fact]
    public void Decrypt_WrongKey_IsRefused()
    {
        var other = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        Assert.False(CookieEncryption.TryDecrypt(Cookie, other, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("7b99279ab87533d3c238db874a842a91ee26a76027f3c03c317504963d2c99")]
    [InlineData("7b99279ab87533d3c238db874a842a91ee26a76027f3c03c317504963d2c9926aa")]
    [InlineData("zz99279ab87533d3c238db874a842a91ee26a76027f3c03c317504963d2c9926")]
    public void Decrypt_KeyNot64Hex_ThrowsWithoutTheKey(string key)
    {
        var error = Assert.Throws<FormatException>(() => CookieEncryption.TryDecrypt(Cookie, key, out _));
        Assert.Contains("64 hexadecimal", error.Message);
        if (key.Length > 0) Assert.DoesNotContain(key, error.Message);
    }

    [Fact]
    public void Encrypt_RandomValues_RoundTrip()
    {
        for (var i = 0; i < 200; i++)
        {
            var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
            var plaintext = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789-._~é€", RandomNumberGenerator.GetInt32(1, 3000));
            var cookie = CookieEncryption.Encrypt(plaintext, key);

            Assert.Equal(plaintext, CookieEncryption.Decrypt(cookie, key));
            Assert.DoesNotContain('=', cookie);
            Assert.Equal(1, Base64Url.DecodeFromChars(cookie)[0]);
        }
    }

    [Fact]
    public void Encrypt_SameValueTwice_UsesFreshIvs()
    {
        Assert.NotEqual(CookieEncryption.Encrypt(Plaintext, Key), CookieEncryption.Encrypt(Plaintext, Key));
    }

    [Fact]
    public void Encrypt_Output_HasVersionIvCiphertextAndTagLengths()
    {
        var bytes = Base64Url.DecodeFromChars(CookieEncryption.Encrypt("abc", Key));
        Assert.Equal(1 + 12 + 3 + 16, bytes.Length);
    }
}
