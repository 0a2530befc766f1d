using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tollgate.EndToEnd.Tests.Infrastructure;
using static Tollgate.EndToEnd.Tests.Infrastructure.ScenarioFixture;

namespace Tollgate.EndToEnd.Tests;

/// <summary>Tokens the gateway, or the API protecting itself, must refuse with 401, a JSON body and an RFC 6750 challenge.</summary>
[Collection(ScenarioCollection.Name)]
public sealed class RefusalTests(ScenarioFixture scenario)
{
    [Theory, MemberData(nameof(ApiTarget.All), MemberType = typeof(ApiTarget))]
    public async Task Read_NoToken_UnauthorizedWithBareChallenge(string target)
    {
        var api = scenario.Target(target);
        var answer = await api.Jwt.GetAsync("/contacts", token: null);

        AssertUnauthorized(answer, reason: null);
        Assert.Equal(api.BareChallenge, Assert.Single(answer.Challenges));
    }

    [Theory]
    [InlineData(ApiTarget.Nginx, "garbage")]
    [InlineData(ApiTarget.Nginx, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")]
    [InlineData(ApiTarget.AspNetCore, "garbage")]
    [InlineData(ApiTarget.AspNetCore, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")]
    [InlineData(ApiTarget.Caddy, "garbage")]
    [InlineData(ApiTarget.Caddy, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")]
    [InlineData(ApiTarget.Haproxy, "garbage")]
    [InlineData(ApiTarget.Haproxy, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")]
    public async Task Read_GarbageToken_Unauthorized(string target, string token)
    {
        var api = scenario.Target(target);
        var answer = await api.Jwt.GetAsync("/contacts", token);

        AssertUnauthorized(answer, reason: null);
    }

    [Theory, MemberData(nameof(ApiTarget.All), MemberType = typeof(ApiTarget))]
    public async Task Read_TokenForAnotherAudience_UnauthorizedWrongAudience(string target)
    {
        var api = scenario.Target(target);
        var billing = await scenario.Admin.AccessTokenAsync(scenario.Writer, BillingApi);

        var answer = await api.Jwt.GetAsync("/contacts", billing);

        Assert.Equal(BillingApi, TollgateAdmin.Claims(billing)["aud"]!.GetValue<string>());
        AssertUnauthorized(answer, "wrong_audience");
    }

    [Theory, MemberData(nameof(ApiTarget.All), MemberType = typeof(ApiTarget))]
    public async Task Read_TokenFromAnotherIssuer_UnauthorizedWrongIssuer(string target)
    {
        var api = scenario.Target(target);
        var answer = await api.Jwt.GetAsync("/contacts", scenario.ForeignToken);

        var claims = TollgateAdmin.Claims(scenario.ForeignToken);
        Assert.Equal(scenario.ForeignIssuer, claims["iss"]!.GetValue<string>());
        Assert.Equal(ContactsApi, claims["aud"]!.GetValue<string>());
        AssertUnauthorized(answer, "wrong_issuer");
    }

    [Theory, MemberData(nameof(ApiTarget.All), MemberType = typeof(ApiTarget))]
    public async Task Read_ForgedJwtWithRealIssuerAndKid_UnauthorizedBadSignature(string target)
    {
        var api = scenario.Target(target);
        var real = await scenario.Admin.AccessTokenAsync(scenario.Reader, ContactsApi);
        var claims = TollgateAdmin.Claims(real);
        claims["scope"] = "read:contacts write:contacts";
        claims["jti"] = "forged-" + Guid.NewGuid().ToString("N");
        using var attacker = RSA.Create(2048);
        var forged = Sign(TollgateAdmin.Header(real), claims, attacker);

        var answer = await api.Jwt.PostAsync("/contacts", forged, """{"name":"Forged"}""");

        AssertUnauthorized(answer, "bad_signature");
    }

    [Theory, MemberData(nameof(ApiTarget.All), MemberType = typeof(ApiTarget))]
    public async Task Read_ExpiredOpaqueToken_Unauthorized(string target)
    {
        var api = scenario.Target(target);
        var response = await scenario.Admin.TokenAsync(scenario.ShortLived, OpaqueApi);
        var token = response["access_token"]!.GetValue<string>();

        await Task.Delay(TimeSpan.FromSeconds(response["expires_in"]!.GetValue<int>()) + TimeSpan.FromMilliseconds(100));
        var answer = await api.Opaque.GetAsync("/contacts", token);

        Assert.StartsWith("tgat_", token);
        Assert.Equal(10, response["expires_in"]!.GetValue<int>());
        AssertUnauthorized(answer, reason: null); // "expired" or "inactive": the server no longer knows it as live
    }

    [Theory, MemberData(nameof(ApiTarget.All), MemberType = typeof(ApiTarget))]
    public async Task Read_ExpiredJwt_UnauthorizedOnceExpired(string target)
    {
        var api = scenario.Target(target);
        await scenario.WaitUntilShortLivedJwtExpiredAsync();

        var answer = await api.Jwt.GetAsync("/contacts", scenario.ShortLivedJwt);

        Assert.Equal(HttpStatusCode.OK, scenario.ShortLivedJwtFirstStatus[target]);
        AssertUnauthorized(answer, "expired");
    }

    /// <summary>401, the gateway's JSON body, exactly one challenge; with <paramref name="reason"/>, Tollgate's reason code in both.</summary>
    private static void AssertUnauthorized(GatewayAnswer answer, string? reason)
    {
        Assert.True(answer.Status == HttpStatusCode.Unauthorized, answer.ToString());
        Assert.Equal("application/json", answer.MediaType);
        Assert.Equal("invalid_token", answer.Str("error"));
        Assert.False(string.IsNullOrEmpty(answer.Str("error_description")));
        var challenge = Assert.Single(answer.Challenges);
        Assert.StartsWith("Bearer", challenge);
        if (reason is null) return;
        Assert.Equal(reason, answer.Str("error_description"));
        Assert.Contains($"error_description=\"{reason}\"", challenge);
    }

    private static string Sign(JsonObject header, JsonObject claims, RSA key)
    {
        var input = Base64Url(header.ToJsonString()) + "." + Base64Url(claims.ToJsonString());
        var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return input + "." + Convert.ToBase64String(signature).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static string Base64Url(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
