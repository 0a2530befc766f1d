using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tollgate.EndToEnd.Tests.Infrastructure;
using static Tollgate.EndToEnd.Tests.Infrastructure.ScenarioFixture;

namespace Tollgate.EndToEnd.Tests;

/// <summary>Tokens the gateway must refuse with 401, a JSON body and an RFC 6750 challenge.</summary>
[Collection(ScenarioCollection.Name)]
public sealed class RefusalTests(ScenarioFixture scenario)
{
    private HttpClient Gateway => scenario.Gateway.Http;

    [Fact]
    public async Task Read_NoToken_UnauthorizedWithBareChallenge()
    {
        var answer = await Gateway.GetAsync("/contacts", token: null);

        AssertUnauthorized(answer, reason: null);
        Assert.Equal("Bearer realm=\"tollgate\"", Assert.Single(answer.Challenges));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")]
    public async Task Read_GarbageToken_Unauthorized(string token)
    {
        var answer = await Gateway.GetAsync("/contacts", token);

        AssertUnauthorized(answer, reason: null);
    }

    [Fact]
    public async Task Read_TokenForAnotherAudience_UnauthorizedWrongAudience()
    {
        var billing = await scenario.Admin.AccessTokenAsync(scenario.Writer, BillingApi);

        var answer = await Gateway.GetAsync("/contacts", billing);

        Assert.Equal(BillingApi, TollgateAdmin.Claims(billing)["aud"]!.GetValue<string>());
        AssertUnauthorized(answer, "wrong_audience");
    }

    [Fact]
    public async Task Read_TokenFromAnotherIssuer_UnauthorizedWrongIssuer()
    {
        var answer = await Gateway.GetAsync("/contacts", scenario.ForeignToken);

        var claims = TollgateAdmin.Claims(scenario.ForeignToken);
        Assert.Equal(scenario.ForeignIssuer, claims["iss"]!.GetValue<string>());
        Assert.Equal(ContactsApi, claims["aud"]!.GetValue<string>());
        AssertUnauthorized(answer, "wrong_issuer");
    }

    [Fact]
    public async Task Read_ForgedJwtWithRealIssuerAndKid_UnauthorizedBadSignature()
    {
        var real = await scenario.Admin.AccessTokenAsync(scenario.Reader, ContactsApi);
        var claims = TollgateAdmin.Claims(real);
        claims["scope"] = "read:contacts write:contacts";
        claims["jti"] = "forged-" + Guid.NewGuid().ToString("N");
        using var attacker = RSA.Create(2048);
        var forged = Sign(TollgateAdmin.Header(real), claims, attacker);

        var answer = await Gateway.PostAsync("/contacts", forged, """{"name":"Forged"}""");

        AssertUnauthorized(answer, "bad_signature");
    }

    [Fact]
    public async Task Read_ExpiredOpaqueToken_Unauthorized()
    {
        var response = await scenario.Admin.TokenAsync(scenario.ShortLived, OpaqueApi);
        var token = response["access_token"]!.GetValue<string>();

        await Task.Delay(TimeSpan.FromSeconds(response["expires_in"]!.GetValue<int>()) + TimeSpan.FromMilliseconds(100));
        var answer = await scenario.OpaqueGateway.Http.GetAsync("/contacts", token);

        Assert.StartsWith("tgat_", token);
        Assert.Equal(10, response["expires_in"]!.GetValue<int>());
        AssertUnauthorized(answer, reason: null); // "expired" or "inactive": the server no longer knows it as live
    }

    [Fact]
    public async Task Read_ExpiredJwt_UnauthorizedOnceExpired()
    {
        await scenario.WaitUntilShortLivedJwtExpiredAsync();

        var answer = await Gateway.GetAsync("/contacts", scenario.ShortLivedJwt);

        Assert.Equal(HttpStatusCode.OK, scenario.ShortLivedJwtFirstStatus);
        AssertUnauthorized(answer, "expired");
    }

    /// <summary>401, nginx's JSON body, exactly one challenge; with <paramref name="reason"/>, Tollgate's reason code in both.</summary>
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
