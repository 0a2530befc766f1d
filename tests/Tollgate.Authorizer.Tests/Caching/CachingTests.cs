using Tollgate.Authorizer.Caching;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Tests.Support;
using Tollgate.Authorizer.Validation;
using Tollgate.Core.Keys;

namespace Tollgate.Authorizer.Tests.Caching;

public sealed class CachingTests : IDisposable
{
    private readonly Issuer _issuer = new();

    public void Dispose() => _issuer.Dispose();

    [Fact]
    public void BoundedCache_ManyInserts_NeverHoldsMoreThanCapacityAndKeepsRecentOnes()
    {
        var cache = new BoundedCache<int, int>(100);

        for (var i = 0; i < 10_000; i++)
        {
            cache.Set(i, i);
            if (i % 10 == 0) Assert.True(cache.TryGet(0, out _)); // used often: survives every rotation
        }

        Assert.InRange(cache.Count, 1, 100);
        Assert.True(cache.TryGet(9_999, out var last) && last == 9_999);
        Assert.False(cache.TryGet(5_000, out _));
    }

    [Fact]
    public void TokenHash_SameTokenEqual_OtherTokenDifferent()
    {
        Assert.Equal(TokenHash.Of("abc.def.ghi"), TokenHash.Of("abc.def.ghi"));
        Assert.NotEqual(TokenHash.Of("abc.def.ghi"), TokenHash.Of("abc.def.ghj"));
        Assert.Equal(TokenHash.Of(new string('a', 20_000)), TokenHash.Of(new string('a', 20_000)));
    }

    [Theory]
    [InlineData("RS256")]
    [InlineData("ES256")]
    [InlineData("PS256")]
    public async Task CachingValidator_TamperedSignatureOfACachedToken_MissesTheCacheAndIsBadSignature(string alg)
    {
        var key = alg switch { "ES256" => _issuer.Ec, "PS256" => _issuer.Pss, _ => _issuer.Rsa };
        var cache = new CachingTokenValidator(_issuer.Validator(), 100, TimeSpan.FromSeconds(30), _issuer.Time);
        var token = _issuer.Minter(key).Mint();
        Assert.True((await cache.ValidateAsync(token, default)).IsValid);
        Assert.True((await cache.ValidateAsync(token, default)).IsValid); // now a hit

        // Same header and payload (same signing input), another signature: a different key, verified, refused.
        var middle = token.LastIndexOf('.') + 20;
        var forged = token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..];
        var truncated = token[..^4];

        Assert.Equal(ReasonCodes.BadSignature, (await cache.ValidateAsync(forged, default)).Reason);
        Assert.Contains((await cache.ValidateAsync(truncated, default)).Reason, new[] { ReasonCodes.BadSignature, ReasonCodes.MalformedToken });
        Assert.Equal(1, cache.Count);
        Assert.True((await cache.ValidateAsync(token, default)).IsValid);
    }

    [Fact]
    public async Task CachingValidator_TamperedPayloadWithTheCachedTokensSignature_IsBadSignature()
    {
        var cache = new CachingTokenValidator(_issuer.Validator(), 100, TimeSpan.FromSeconds(30), _issuer.Time);
        var token = _issuer.Minter().Mint(scope: "read:contacts");
        Assert.True((await cache.ValidateAsync(token, default)).IsValid);

        var parts = token.Split('.');
        var widened = TokenMinter.PayloadOf(token).Replace("read:contacts", "write:contacts", StringComparison.Ordinal);
        var forged = parts[0] + "." + TokenMinter.B64(widened) + "." + parts[2];

        Assert.Equal(ReasonCodes.BadSignature, (await cache.ValidateAsync(forged, default)).Reason);
    }

    [Fact]
    public async Task CachingValidator_HitAfterExp_IsRevalidatedAndRefused()
    {
        var cache = new CachingTokenValidator(_issuer.Validator(), 100, TimeSpan.FromSeconds(30), _issuer.Time);
        var token = _issuer.Minter().Mint(lifetime: TimeSpan.FromSeconds(60));
        Assert.True((await cache.ValidateAsync(token, default)).IsValid);
        Assert.Equal(1, cache.Count);

        _issuer.Time.Advance(TimeSpan.FromSeconds(91));

        Assert.Equal(ReasonCodes.Expired, (await cache.ValidateAsync(token, default)).Reason);
    }

    [Fact]
    public async Task CachingValidator_Refusals_AreNotCached()
    {
        var cache = new CachingTokenValidator(_issuer.Validator(), 100, TimeSpan.FromSeconds(30), _issuer.Time);

        await cache.ValidateAsync(_issuer.Minter().Mint(edit: c => c["aud"] = "other"), default);

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task CachingValidator_SigningKeyUnpublished_DropsCachedTokens()
    {
        using var rotating = SigningKey.Generate("ES256");
        _issuer.Server.Publish(_issuer.Rsa.PublicJwk, rotating.PublicJwk);
        var keys = _issuer.KeyCache();
        var cache = new CachingTokenValidator(_issuer.Validator(keys), 100, TimeSpan.FromSeconds(30), _issuer.Time);
        var token = _issuer.Minter(rotating).Mint();
        Assert.True((await cache.ValidateAsync(token, default)).IsValid);

        _issuer.Server.Publish(_issuer.Rsa.PublicJwk);
        _issuer.Time.Advance(TimeSpan.FromSeconds(31));
        await keys.RefreshAsync();

        Assert.Equal(ReasonCodes.UnknownKey, (await cache.ValidateAsync(token, default)).Reason);
    }

    [Fact]
    public async Task CachingValidator_Hit_ReturnsSameValidatedTokenSynchronously()
    {
        var cache = new CachingTokenValidator(_issuer.Validator(), 100, TimeSpan.FromSeconds(30), _issuer.Time);
        var token = _issuer.Minter().Mint();
        var first = await cache.ValidateAsync(token, default);

        var second = cache.ValidateAsync(token, default);

        Assert.True(second.IsCompletedSuccessfully);
        Assert.Same(first.Token, (await second).Token);
    }
}
