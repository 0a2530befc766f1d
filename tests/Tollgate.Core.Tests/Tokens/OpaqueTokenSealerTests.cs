using System.Buffers.Text;
using Tollgate.Core.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace Tollgate.Core.Tests.Tokens;

public sealed class OpaqueTokenSealerTests
{
    private const string Issuer = "https://auth.example";
    private static readonly DateTimeOffset IssuedAt = DateTimeOffset.FromUnixTimeSeconds(1_780_000_000);
    private static readonly AccessTokenClaims Claims = new(Issuer, "svc-orders", "https://api.example/orders", "read:orders write:orders",
        IssuedAt, IssuedAt.AddSeconds(3600), "0f8e2c1d9b7a4e6f8a1b2c3d4e5f6a7b");
    private readonly OpaqueTokenSealer _sealer = new(["secret-one"]);

    [Fact]
    public void Seal_ThenOpen_GivesBackEveryClaim()
    {
        var token = _sealer.Seal(Claims);

        Assert.StartsWith(OpaqueToken.Prefix, token);
        Assert.Equal(Claims, _sealer.TryOpen(token, Issuer));
    }

    [Fact]
    public void Seal_UnicodeAndEmptyClaims_RoundTrip()
    {
        var claims = Claims with { Scope = "", ClientId = "client-ü-東京", Audience = "urn:api:ñ" };
        Assert.Equal(claims, _sealer.TryOpen(_sealer.Seal(claims), Issuer));
    }

    [Fact]
    public void Seal_SameClaimsTwice_GivesDifferentTokens_HidingTheClaims()
    {
        var a = _sealer.Seal(Claims);
        var b = _sealer.Seal(Claims);

        Assert.NotEqual(a, b);
        Assert.DoesNotContain("svc-orders", a);
        Assert.DoesNotContain(Convert.ToBase64String("svc-orders"u8), a);
    }

    [Fact]
    public void Open_AnyByteChanged_IsRefused()
    {
        var token = _sealer.Seal(Claims);
        var bytes = Base64Url.DecodeFromChars(token.AsSpan(OpaqueToken.Prefix.Length));
        for (var i = 0; i < bytes.Length; i++)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[i] ^= 0x01;
            Assert.Null(_sealer.TryOpen(OpaqueToken.Prefix + Base64Url.EncodeToString(tampered), Issuer));
        }
    }

    [Fact]
    public void Open_TruncatedOrExtended_IsRefused()
    {
        var token = _sealer.Seal(Claims);
        Assert.Null(_sealer.TryOpen(token[..^2], Issuer));
        Assert.Null(_sealer.TryOpen(token + "AA", Issuer));
        Assert.Null(_sealer.TryOpen(token[..40], Issuer));
    }

    [Fact]
    public void Open_OtherIssuer_IsRefused()
        => Assert.Null(_sealer.TryOpen(_sealer.Seal(Claims), "https://other.example"));

    [Fact]
    public void Open_OtherSecret_IsRefused()
        => Assert.Null(new OpaqueTokenSealer(["secret-two"]).TryOpen(_sealer.Seal(Claims), Issuer));

    [Fact]
    public void Rotation_NewSecretFirst_OpensTokensOfTheOld_AndSealsWithTheNew()
    {
        var old = _sealer.Seal(Claims);
        var rotated = new OpaqueTokenSealer(["secret-two", "secret-one"]);

        Assert.Equal(Claims, rotated.TryOpen(old, Issuer));
        var fresh = rotated.Seal(Claims);
        Assert.Null(_sealer.TryOpen(fresh, Issuer));                    // the old node cannot open the new secret's tokens
        Assert.Equal(Claims, new OpaqueTokenSealer(["secret-two"]).TryOpen(fresh, Issuer));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tgat_")]
    [InlineData("tgat_!!!!")]
    [InlineData("tgat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")]
    [InlineData("TGAT_abc")]
    public void Open_Malformed_IsRefusedWithoutThrowing(string token)
        => Assert.Null(_sealer.TryOpen(token, Issuer));

    [Fact]
    public void Open_ReferenceFormatOfEarlierReleases_IsNotOpenedHere()
    {
        var reference = OpaqueToken.GenerateReference();
        Assert.True(OpaqueToken.IsReference(reference));
        Assert.False(OpaqueToken.IsReference(_sealer.Seal(Claims)));
        Assert.Null(_sealer.TryOpen(reference, Issuer));
    }

    [Fact]
    public void Open_LongerThanTheLimit_IsRefusedBeforeDecoding()
        => Assert.Null(_sealer.TryOpen(OpaqueToken.Prefix + new string('A', OpaqueTokenSealer.MaxTokenLength), Issuer));

    [Fact]
    public void Seal_ClaimsTooLong_Throws()
        => Assert.Throws<ArgumentException>(() => _sealer.Seal(Claims with { Scope = new string('s', 5000) }));

    [Fact]
    public void Seal_NoLifetime_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => _sealer.Seal(Claims with { ExpiresAt = IssuedAt }));

    [Fact]
    public void SealAndOpen_FromManyThreads_AllRoundTrip()
    {
        var failures = 0;
        Parallel.For(0, 2000, i =>
        {
            var claims = Claims with { Jti = $"jti-{i}" };
            if (_sealer.TryOpen(_sealer.Seal(claims), Issuer) != claims) Interlocked.Increment(ref failures);
        });
        Assert.Equal(0, failures);
    }

    [Fact]
    public void Epochs_TokensSealedHoursApart_UseDifferentKeys_AndAllOpen()
    {
        var clock = new FakeTimeProvider(IssuedAt);
        var sealer = new OpaqueTokenSealer(["secret-one"], clock);
        var tokens = new List<string>();
        for (var hour = 0; hour < 10; hour++)
        {
            tokens.Add(sealer.Seal(Claims with { Jti = $"jti-{hour}" }));
            clock.Advance(TimeSpan.FromHours(1));
        }

        // More epochs than a thread caches: older keys are derived again when needed.
        for (var hour = 0; hour < tokens.Count; hour++)
            Assert.Equal($"jti-{hour}", sealer.TryOpen(tokens[hour], Issuer)?.Jti);
        Assert.Equal("jti-3", new OpaqueTokenSealer(["secret-one"]).TryOpen(tokens[3], Issuer)?.Jti);
    }

    [Fact]
    public void Constructor_NoSecret_Throws()
        => Assert.Throws<ArgumentException>(() => new OpaqueTokenSealer([]));
}
