using System.Security.Cryptography;
using System.Text;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Jwks;
using Tollgate.Authorizer.Jwt;
using Tollgate.Authorizer.Tests.Support;
using Tollgate.Core.Keys;

namespace Tollgate.Authorizer.Tests.Jwt;

public sealed class JwtValidatorTests : IDisposable
{
    private readonly Issuer _issuer = new();
    private readonly JwtValidator _validator;

    public JwtValidatorTests() => _validator = _issuer.Validator();

    public void Dispose() => _issuer.Dispose();

    private async Task<string?> ReasonFor(string token) => (await _validator.ValidateAsync(token, default)).Reason;

    [Theory]
    [InlineData("RS256")]
    [InlineData("ES256")]
    [InlineData("PS256")]
    public async Task Validate_ServerMintedToken_IsValidWithItsClaims(string alg)
    {
        var key = alg switch { "RS256" => _issuer.Rsa, "ES256" => _issuer.Ec, _ => _issuer.Pss };
        var token = _issuer.Minter(key).MintAccessToken("read:contacts write:contacts", "writer");

        var result = await _validator.ValidateAsync(token, default);

        Assert.True(result.IsValid, result.Reason + " " + result.Detail);
        Assert.Equal("writer", result.Token!.Principal);
        Assert.Equal(["read:contacts", "write:contacts"], result.Token.Scopes);
        Assert.Equal([Issuer.Audience], result.Token.Audiences);
        Assert.Equal(_issuer.Server.Issuer, result.Token.Claims["iss"]);
    }

    [Fact]
    public async Task Validate_Expired_IsExpired() =>
        Assert.Equal(ReasonCodes.Expired, await ReasonFor(_issuer.Minter().Mint(edit: c => c["exp"] = _issuer.Time.GetUtcNow().AddMinutes(-1).ToUnixTimeSeconds())));

    [Fact]
    public async Task Validate_ExpiredWithinSkew_IsValid() =>
        Assert.Null(await ReasonFor(_issuer.Minter().Mint(edit: c => c["exp"] = _issuer.Time.GetUtcNow().AddSeconds(-10).ToUnixTimeSeconds())));

    [Fact]
    public async Task Validate_ExpiredByClockAfterMinting_IsExpired()
    {
        var token = _issuer.Minter().Mint(lifetime: TimeSpan.FromMinutes(1));
        _issuer.Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(ReasonCodes.Expired, await ReasonFor(token));
    }

    [Fact]
    public async Task Validate_NotBeforeInFuture_IsNotYetValid() =>
        Assert.Equal(ReasonCodes.NotYetValid, await ReasonFor(_issuer.Minter().Mint(edit: c => c["nbf"] = _issuer.Time.GetUtcNow().AddMinutes(2).ToUnixTimeSeconds())));

    [Fact]
    public async Task Validate_IssuedInFutureBeyondSkew_IsNotYetValid() =>
        Assert.Equal(ReasonCodes.NotYetValid, await ReasonFor(_issuer.Minter().Mint(edit: c => c["iat"] = _issuer.Time.GetUtcNow().AddMinutes(2).ToUnixTimeSeconds())));

    [Fact]
    public async Task Validate_WithoutExp_IsMalformed() =>
        Assert.Equal(ReasonCodes.MalformedToken, await ReasonFor(_issuer.Minter().Mint(edit: c => c["exp"] = null)));

    [Fact]
    public async Task Validate_OtherIssuer_IsWrongIssuer() =>
        Assert.Equal(ReasonCodes.WrongIssuer, await ReasonFor(_issuer.Minter().Mint(edit: c => c["iss"] = "https://evil.example")));

    [Fact]
    public async Task Validate_OtherAudience_IsWrongAudience() =>
        Assert.Equal(ReasonCodes.WrongAudience, await ReasonFor(_issuer.Minter().Mint(edit: c => c["aud"] = "https://api.other.example")));

    [Fact]
    public async Task Validate_AudienceArrayHoldingOurs_IsValid() =>
        Assert.Null(await ReasonFor(_issuer.Minter().Mint(edit: c => c["aud"] = new[] { "https://api.other.example", Issuer.Audience })));

    [Fact]
    public async Task Validate_NoAudButClientIdIsAnAudience_IsValid() =>
        Assert.Null(await ReasonFor(_issuer.Minter().Mint(clientId: Issuer.Audience, edit: c => c["aud"] = null)));

    [Fact]
    public async Task Validate_NoAudAndOtherClientId_IsWrongAudience() =>
        Assert.Equal(ReasonCodes.WrongAudience, await ReasonFor(_issuer.Minter().Mint(edit: c => c["aud"] = null)));

    [Fact]
    public async Task Validate_OtherTyp_IsWrongType() =>
        Assert.Equal(ReasonCodes.WrongType, await ReasonFor(_issuer.Minter().Mint(typ: "id+jwt")));

    [Theory]
    [InlineData("JWT")]
    [InlineData("application/at+jwt")]
    [InlineData("AT+JWT")]
    public async Task Validate_AcceptedTypSpellings_IsValid(string typ) => Assert.Null(await ReasonFor(_issuer.Minter().Mint(typ: typ)));

    [Fact]
    public async Task Validate_AlgNone_IsDisallowedAlgorithm()
    {
        var payload = TokenMinter.PayloadOf(_issuer.Minter().Mint());
        var token = TokenMinter.Compose($"{{\"alg\":\"none\",\"kid\":\"{_issuer.Rsa.Kid}\",\"typ\":\"at+jwt\"}}", payload, null);

        Assert.Equal(ReasonCodes.MalformedToken, await ReasonFor(token)); // empty signature part: not even a JWS
        var withDummySignature = token + "AAAA";
        Assert.Equal(ReasonCodes.DisallowedAlgorithm, await ReasonFor(withDummySignature));
    }

    [Fact]
    public async Task Validate_Hs256SignedWithRsaPublicKeyAsSecret_IsDisallowedAlgorithm()
    {
        var payload = TokenMinter.PayloadOf(_issuer.Minter().Mint());
        var publicKey = Encoding.UTF8.GetBytes(_issuer.Rsa.PublicJwk);
        using var rsa = (RSA)_issuer.Rsa.CreatePublicKey();
        var pem = Encoding.UTF8.GetBytes(rsa.ExportSubjectPublicKeyInfoPem());

        foreach (var secret in new[] { publicKey, pem })
        {
            var token = TokenMinter.Compose($"{{\"alg\":\"HS256\",\"kid\":\"{_issuer.Rsa.Kid}\",\"typ\":\"at+jwt\"}}", payload, input => HMACSHA256.HashData(secret, input));
            Assert.Equal(ReasonCodes.DisallowedAlgorithm, await ReasonFor(token));
        }
    }

    [Fact]
    public async Task Validate_AlgorithmNotInAllowList_IsDisallowedAlgorithm()
    {
        var rsaOnly = _issuer.Validator(algorithms: [JwsAlgorithm.RS256]);

        var result = await rsaOnly.ValidateAsync(_issuer.Minter(_issuer.Ec).Mint(), default);

        Assert.Equal(ReasonCodes.DisallowedAlgorithm, result.Reason);
    }

    [Fact]
    public async Task Validate_HeaderClaimsPs256ForRs256Key_IsBadSignature()
    {
        var real = _issuer.Minter().Mint();
        var parts = real.Split('.');
        var token = TokenMinter.B64($"{{\"alg\":\"PS256\",\"kid\":\"{_issuer.Rsa.Kid}\",\"typ\":\"at+jwt\"}}") + "." + parts[1] + "." + parts[2];

        Assert.Equal(ReasonCodes.BadSignature, await ReasonFor(token));
    }

    [Fact]
    public async Task Validate_TamperedPayload_IsBadSignature()
    {
        var token = _issuer.Minter().Mint(scope: "read:contacts");
        var parts = token.Split('.');
        var forged = TokenMinter.PayloadOf(token).Replace("read:contacts", "write:contacts", StringComparison.Ordinal);

        Assert.Equal(ReasonCodes.BadSignature, await ReasonFor(parts[0] + "." + TokenMinter.B64(forged) + "." + parts[2]));
    }

    [Fact]
    public async Task Validate_SignatureByUnpublishedKeyClaimingPublishedKid_IsBadSignature()
    {
        using var other = SigningKey.Generate("RS256");
        var genuine = _issuer.Minter().Mint();
        var parts = genuine.Split('.');
        var resigned = TokenMinter.Compose(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0])), TokenMinter.PayloadOf(genuine), b => other.Sign(b));

        Assert.Equal(ReasonCodes.BadSignature, await ReasonFor(resigned));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(100)]
    public async Task Validate_TruncatedToken_IsRefused(int cut)
    {
        var token = _issuer.Minter().Mint();

        var reason = await ReasonFor(token[..^cut]);

        Assert.Contains(reason, new[] { ReasonCodes.BadSignature, ReasonCodes.MalformedToken });
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d.e")]
    [InlineData("..")]
    [InlineData("!!!.###.$$$")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln")]
    [InlineData("WyJhbGciXQ.e30.c2ln")]
    public async Task Validate_Garbage_IsMalformed(string token) => Assert.Equal(ReasonCodes.MalformedToken, await ReasonFor(token));

    [Fact]
    public async Task Validate_Token100KbLong_IsMalformedWithoutFetchingKeys()
    {
        var token = _issuer.Minter().Mint(edit: c => c["padding"] = new string('x', 100 * 1024));

        Assert.Equal(ReasonCodes.MalformedToken, await ReasonFor(token));
        Assert.Equal(0, _issuer.Server.Hits("/jwks"));
    }

    [Fact]
    public async Task Validate_CritHeader_IsMalformed()
    {
        var payload = TokenMinter.PayloadOf(_issuer.Minter().Mint());
        var token = TokenMinter.Compose($"{{\"alg\":\"RS256\",\"kid\":\"{_issuer.Rsa.Kid}\",\"typ\":\"at+jwt\",\"crit\":[\"exp\"]}}", payload, b => _issuer.Rsa.Sign(b));

        Assert.Equal(ReasonCodes.MalformedToken, await ReasonFor(token));
    }

    [Fact]
    public async Task Validate_RepeatedClaim_IsMalformedEvenWhenSigned()
    {
        var header = $"{{\"alg\":\"RS256\",\"kid\":\"{_issuer.Rsa.Kid}\",\"typ\":\"at+jwt\"}}";
        var exp = _issuer.Time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds();
        var payload = $"{{\"iss\":\"{_issuer.Server.Issuer}\",\"aud\":\"{Issuer.Audience}\",\"scope\":\"read\",\"scope\":\"admin\",\"exp\":{exp}}}";

        Assert.Equal(ReasonCodes.MalformedToken, await ReasonFor(TokenMinter.Compose(header, payload, b => _issuer.Rsa.Sign(b))));
    }

    [Fact]
    public async Task Validate_ScpArray_GivesScopes()
    {
        var result = await _validator.ValidateAsync(_issuer.Minter().Mint(edit: c => { c["scope"] = null; c["scp"] = new[] { "a", "b" }; }), default);

        Assert.Equal(["a", "b"], result.Token!.Scopes);
    }

    [Fact]
    public async Task Validate_UnknownKid_IsRefusedThenAcceptedOnceIssuerPublishesIt()
    {
        var keys = _issuer.KeyCache(new JwksCacheSettings { Cooldown = TimeSpan.FromSeconds(30) });
        var validator = _issuer.Validator(keys);
        Assert.Null((await validator.ValidateAsync(_issuer.Minter().Mint(), default)).Reason);
        using var next = SigningKey.Generate("RS256");
        var token = _issuer.Minter(next).Mint();
        _issuer.Time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(ReasonCodes.UnknownKey, (await validator.ValidateAsync(token, default)).Reason); // refetched: still unknown
        Assert.Equal(2, _issuer.Server.Hits("/jwks"));

        _issuer.Server.Publish(_issuer.Rsa.PublicJwk, next.PublicJwk);
        Assert.Equal(ReasonCodes.UnknownKey, (await validator.ValidateAsync(token, default)).Reason); // cooldown: no refetch yet
        _issuer.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.True((await validator.ValidateAsync(token, default)).IsValid);
        Assert.Equal(3, _issuer.Server.Hits("/jwks"));
    }

    [Fact]
    public async Task Validate_IssuerUnreachableAtStart_IsKeysUnavailable()
    {
        _issuer.Server.Down = true;

        Assert.Equal(ReasonCodes.KeysUnavailable, await ReasonFor(_issuer.Minter().Mint()));
    }
}
