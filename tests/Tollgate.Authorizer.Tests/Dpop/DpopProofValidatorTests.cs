using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Authorizer.Dpop;
using Tollgate.Authorizer.Tests.Support;
using Tollgate.Tests.Dpop;
using Xunit;

namespace Tollgate.Authorizer.Tests.Dpop;

public sealed class DpopProofValidatorTests : IDisposable
{
    private const string Url = "https://api.example.com/contacts";
    private const string Token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";
    private static readonly DpopKey Key = DpopKey.Es256();
    private readonly FakeTimeProvider _time = new(TestTime.Start);
    private readonly DpopKey _other = DpopKey.Es256();

    private DpopProofValidator Validator(DpopNonces? nonces = null) => new(new DpopSettings(), _time, nonces);

    public static TheoryData<string> Algorithms => new() { "ES256", "ES384", "RS256", "PS256" };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Proof_ValidForEachAlgorithm_IsAcceptedWithTheKeysThumbprint(string alg)
    {
        using var key = alg switch { "ES256" => DpopKey.Es256(), "ES384" => DpopKey.Es384(), "RS256" => DpopKey.Rs256(), _ => DpopKey.Ps256() };
        var result = Validator().Validate(key.Proof("GET", Url, _time.GetUtcNow(), Token), "GET", Url, Token);
        Assert.True(result.IsValid, result.Description);
        Assert.Equal(key.Thumbprint(), result.Proof!.Thumbprint);
    }

    [Fact]
    public void Thumbprint_Rfc7638Example_MatchesTheRfc()
    {
        // RFC 7638 §3.1: the example RSA key and its thumbprint.
        const string n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        var jwk = "{\"kty\":\"RSA\",\"n\":\"" + n + "\",\"e\":\"AQAB\",\"alg\":\"RS256\",\"kid\":\"2011-04-29\"}";
        using var doc = System.Text.Json.JsonDocument.Parse(jwk);
        using var parsed = DpopJwkAccess.Read(doc.RootElement, out var thumbprint);
        Assert.Equal("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", thumbprint);
    }

    public sealed record Case(string Name, string Method, string Url, Action<JsonObject>? Header, Action<JsonObject>? Claims, string Expected, DpopError Error = DpopError.InvalidProof)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> BadProofs => new()
    {
        new("wrong htm", "POST", Url, null, null, "htm does not match"),
        new("lower-case htm", "GET", Url, null, c => c["htm"] = "get", "htm does not match"),
        new("wrong htu path", "GET", "https://api.example.com/other", null, null, "htu does not match"),
        new("wrong htu host", "GET", "https://evil.example.com/contacts", null, null, "htu does not match"),
        new("htu http vs https", "GET", "http://api.example.com/contacts", null, null, "htu does not match"),
        new("htu not a URL", "GET", Url, null, c => c["htu"] = "contacts", "htu does not match"),
        new("no htm", "GET", Url, null, c => c.Remove("htm"), "htm does not match"),
        new("no htu", "GET", Url, null, c => c.Remove("htu"), "htu does not match"),
        new("no jti", "GET", Url, null, c => c.Remove("jti"), "jti must be"),
        new("empty jti", "GET", Url, null, c => c["jti"] = "", "jti must be"),
        new("jti not a string", "GET", Url, null, c => c["jti"] = 5, "jti must be"),
        new("no iat", "GET", Url, null, c => c.Remove("iat"), "iat must be"),
        new("iat a string", "GET", Url, null, c => c["iat"] = "1893499200", "iat must be"),
        new("iat stale", "GET", Url, null, c => c["iat"] = c["iat"]!.GetValue<long>() - 120, "iat is older than 60 seconds"),
        new("iat in the future", "GET", Url, null, c => c["iat"] = c["iat"]!.GetValue<long>() + 60, "iat is in the future"),
        new("no ath", "GET", Url, null, c => c.Remove("ath"), "no ath"),
        new("ath of another token", "GET", Url, null, c => c["ath"] = DpopKey.Ath("another"), "ath is not the hash"),
        new("ath garbage", "GET", Url, null, c => c["ath"] = "!!", "ath is not the hash"),
        new("typ JWT", "GET", Url, h => h["typ"] = "JWT", null, "typ must be 'dpop+jwt'"),
        new("no typ", "GET", Url, h => h.Remove("typ"), null, "typ must be 'dpop+jwt'"),
        new("alg none", "GET", Url, h => h["alg"] = "none", null, "alg 'none' is not allowed"),
        new("alg HS256", "GET", Url, h => h["alg"] = "HS256", null, "alg 'HS256' is not allowed"),
        new("alg RS512 not allowed", "GET", Url, h => h["alg"] = "RS512", null, "alg 'RS512' is not allowed"),
        new("alg of another family", "GET", Url, h => h["alg"] = "RS256", null, "jwk cannot verify RS256"),
        new("no jwk", "GET", Url, h => h.Remove("jwk"), null, "no jwk"),
        new("jwk with private d", "GET", Url, h => h["jwk"] = Key.PrivateJwk(), null, "private member 'd'"),
        new("jwk symmetric", "GET", Url, h => h["jwk"] = new JsonObject { ["kty"] = "oct", ["k"] = "c2VjcmV0" }, null, "private member 'k'"),
        new("jwk kty OKP", "GET", Url, h => h["jwk"] = new JsonObject { ["kty"] = "OKP", ["crv"] = "Ed25519", ["x"] = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" }, null, "kty 'OKP' is not supported"),
        new("jwk a string", "GET", Url, h => h["jwk"] = "key", null, "jwk is not a JSON object"),
        new("jwk off the curve", "GET", Url, h => h["jwk"]!["x"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", null, "key material is unusable"),
        new("crit", "GET", Url, h => h["crit"] = new JsonArray("exp"), null, "crit"),
    };

    [Theory]
    [MemberData(nameof(BadProofs))]
    public void Proof_Bad_IsRefusedNamingTheCheck(Case c)
    {
        var proof = Key.Proof("GET", Url, _time.GetUtcNow(), Token, editHeader: c.Header, editClaims: c.Claims);
        var result = Validator().Validate(proof, c.Method, c.Url, Token);
        Assert.False(result.IsValid);
        Assert.Equal(c.Error, result.Error);
        Assert.Equal("invalid_dpop_proof", result.ErrorCode);
        Assert.Contains(c.Expected, result.Description);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "empty", "" },
        { "two parts", "a.b" },
        { "four parts", "a.b.c.d" },
        { "not base64url", "a*.b.c" },
        { "not JSON", "YWJj.YWJj.YWJj" },
        { "JSON array header", "WzFd.e30.YWJj" },
        { "too long", new string('a', 9000) },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Proof_Malformed_IsRefused(string name, string proof)
    {
        var result = Validator().Validate(proof, "GET", Url);
        Assert.False(result.IsValid, name);
        Assert.Equal("invalid_dpop_proof", result.ErrorCode);
    }

    [Fact]
    public void Proof_SignedByAnotherKey_IsRefused()
    {
        var header = new JsonObject { ["typ"] = "dpop+jwt", ["alg"] = "ES256", ["jwk"] = Key.PublicJwk() }.ToJsonString();
        var claims = new JsonObject { ["jti"] = "j1", ["htm"] = "GET", ["htu"] = Url, ["iat"] = _time.GetUtcNow().ToUnixTimeSeconds() }.ToJsonString();
        var result = Validator().Validate(_other.Sign(header, claims), "GET", Url);
        Assert.Equal("DPoP proof signature does not verify with its jwk", result.Description);
    }

    [Fact]
    public void Proof_RepeatedClaim_IsRefused()
    {
        var header = new JsonObject { ["typ"] = "dpop+jwt", ["alg"] = "ES256", ["jwk"] = Key.PublicJwk() }.ToJsonString();
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var payload = $$"""{"jti":"j1","htm":"GET","htm":"POST","htu":"{{Url}}","iat":{{now}}}""";
        Assert.Equal("DPoP proof repeats the claim 'htm'", Validator().Validate(Key.Sign(header, payload), "POST", Url).Description);
    }

    [Fact]
    public void Proof_TamperedPayload_IsRefused()
    {
        var proof = Key.Proof("GET", Url, _time.GetUtcNow());
        var parts = proof.Split('.');
        var forged = Key.Proof("POST", Url, _time.GetUtcNow()).Split('.')[1];
        Assert.Equal("DPoP proof signature does not verify with its jwk", Validator().Validate($"{parts[0]}.{forged}.{parts[2]}", "POST", Url).Description);
    }

    public static TheoryData<string, string> EquivalentUrls => new()
    {
        { "HTTPS://API.EXAMPLE.COM/contacts", "https://api.example.com/contacts" },
        { "https://api.example.com:443/contacts", "https://api.example.com/contacts" },
        { "https://api.example.com/contacts?page=2", "https://api.example.com/contacts" },
        { "https://api.example.com/contacts#top", "https://api.example.com/contacts" },
        { "https://api.example.com/a/../contacts", "https://api.example.com/contacts" },
        { "http://api.example.com:80/x", "http://api.example.com/x" },
    };

    [Theory]
    [MemberData(nameof(EquivalentUrls))]
    public void Htu_NormalizedPerRfc9449_Matches(string htu, string requestUrl)
    {
        var proof = Key.Proof("GET", htu, _time.GetUtcNow());
        Assert.True(Validator().Validate(proof, "GET", requestUrl).IsValid);
    }

    [Fact]
    public void Htu_PortDiffers_DoesNotMatch()
    {
        var proof = Key.Proof("GET", "https://api.example.com:8443/contacts", _time.GetUtcNow());
        Assert.False(Validator().Validate(proof, "GET", Url).IsValid);
    }

    [Fact]
    public void Iat_WithinSkew_IsAccepted()
    {
        var proof = Key.Proof("GET", Url, _time.GetUtcNow().AddSeconds(4));
        Assert.True(Validator().Validate(proof, "GET", Url).IsValid);
        var old = Key.Proof("GET", Url, _time.GetUtcNow().AddSeconds(-64));
        Assert.True(Validator().Validate(old, "GET", Url).IsValid);
    }

    [Fact]
    public void Iat_ConfiguredWindow_IsHonoured()
    {
        var validator = new DpopProofValidator(new DpopSettings { MaxAge = TimeSpan.FromSeconds(10), ClockSkew = TimeSpan.Zero }, _time);
        Assert.Contains("older than 10 seconds", validator.Validate(Key.Proof("GET", Url, _time.GetUtcNow().AddSeconds(-11)), "GET", Url).Description);
        Assert.True(validator.Validate(Key.Proof("GET", Url, _time.GetUtcNow().AddSeconds(-9)), "GET", Url).IsValid);
    }

    [Fact]
    public void Ath_NotChecked_WhenNoAccessTokenComesWithTheProof()
    {
        // The token endpoint: the proof precedes any token.
        Assert.True(Validator().Validate(Key.Proof("POST", Url, _time.GetUtcNow()), "POST", Url).IsValid);
    }

    [Fact]
    public void Nonce_Required_MissingOrWrongOrStale_IsUseDpopNonce_CurrentIsAccepted()
    {
        var nonces = new DpopNonces(new byte[32], TimeSpan.FromMinutes(5), _time);
        var validator = Validator(nonces);

        var missing = validator.Validate(Key.Proof("POST", Url, _time.GetUtcNow()), "POST", Url);
        Assert.Equal(DpopError.UseNonce, missing.Error);
        Assert.Equal("use_dpop_nonce", missing.ErrorCode);

        var wrong = validator.Validate(Key.Proof("POST", Url, _time.GetUtcNow(), nonce: "not-a-nonce"), "POST", Url);
        Assert.Equal("use_dpop_nonce", wrong.ErrorCode);

        var forged = new DpopNonces(Enumerable.Repeat((byte)7, 32).ToArray(), TimeSpan.FromMinutes(5), _time).Current();
        Assert.Equal("use_dpop_nonce", validator.Validate(Key.Proof("POST", Url, _time.GetUtcNow(), nonce: forged), "POST", Url).ErrorCode);

        var nonce = nonces.Current();
        Assert.True(validator.Validate(Key.Proof("POST", Url, _time.GetUtcNow(), nonce: nonce), "POST", Url).IsValid);

        _time.Advance(TimeSpan.FromMinutes(5)); // the next period still accepts it
        Assert.True(validator.Validate(Key.Proof("POST", Url, _time.GetUtcNow(), nonce: nonce), "POST", Url).IsValid);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("use_dpop_nonce", validator.Validate(Key.Proof("POST", Url, _time.GetUtcNow(), nonce: nonce), "POST", Url).ErrorCode);
    }

    [Fact]
    public void Nonce_CheckedOnlyAfterTheSignature()
    {
        var nonces = new DpopNonces(new byte[32], TimeSpan.FromMinutes(5), _time);
        var proof = Key.Proof("POST", Url, _time.GetUtcNow(), editHeader: h => h["alg"] = "none");
        Assert.Equal("invalid_dpop_proof", Validator(nonces).Validate(proof, "POST", Url).ErrorCode);
    }

    [Fact]
    public void ReplayCache_SameProofTwice_IsRefusedTheSecondTime()
    {
        var cache = new DpopReplayCache(100, _time);
        var proof = Validator().Validate(Key.Proof("GET", Url, _time.GetUtcNow()), "GET", Url).Proof!;
        Assert.True(cache.TryUse(proof));
        Assert.False(cache.TryUse(proof));
        var another = Validator().Validate(Key.Proof("GET", Url, _time.GetUtcNow()), "GET", Url).Proof!;
        Assert.True(cache.TryUse(another));
    }

    [Fact]
    public void ReplayCache_BoundedInTime_ForgetsProofsPastTheirWindow()
    {
        var cache = new DpopReplayCache(100, _time);
        for (var i = 0; i < 50; i++)
            Assert.True(cache.TryUse(Validator().Validate(Key.Proof("GET", Url, _time.GetUtcNow()), "GET", Url).Proof!));
        Assert.Equal(50, cache.Count);
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(cache.TryUse(Validator().Validate(Key.Proof("GET", Url, _time.GetUtcNow()), "GET", Url).Proof!));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void ReplayCache_FullOfLiveProofs_FailsClosed()
    {
        var cache = new DpopReplayCache(3, _time);
        for (var i = 0; i < 3; i++)
            Assert.True(cache.TryUse(Validator().Validate(Key.Proof("GET", Url, _time.GetUtcNow()), "GET", Url).Proof!));
        var fourth = Validator().Validate(Key.Proof("GET", Url, _time.GetUtcNow()), "GET", Url).Proof!;
        Assert.False(cache.TryUse(fourth));
        Assert.Equal(3, cache.Count);
        _time.Advance(TimeSpan.FromMinutes(2));
        var fresh = Validator().Validate(Key.Proof("GET", Url, _time.GetUtcNow()), "GET", Url).Proof!;
        Assert.True(cache.TryUse(fresh));
    }

    public void Dispose() => _other.Dispose();
}
