using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Tollgate.Interop.Tests.Infrastructure;

namespace Tollgate.Interop.Tests;

/// <summary>
/// Microsoft.AspNetCore.Authentication.JwtBearer 8 (Microsoft.IdentityModel underneath) with only
/// Authority and Audience: metadata and JWKS come from Tollgate's discovery document.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class JwtBearerTests(InteropFixture fixture)
{
    [Theory]
    [InlineData("RS256")]
    [InlineData("ES256")]
    [InlineData("PS256")]
    public async Task AcceptsATollgateToken_AndRefusesOneForAnotherAudience(string alg)
    {
        var audience = InteropFixture.AudienceOf(alg);
        await using var api = await ProtectedApi.StartAsync(fixture.Server.Url, audience);

        var token = await fixture.Http.AccessTokenAsync(fixture.Client, audience, "read:contacts");
        var (status, body, challenge) = await api.GetContactsAsync(token);
        Assert.True(status == 200, $"{alg} token refused: {status} {challenge}");
        using var claims = JsonDocument.Parse(body);
        Assert.Equal(fixture.Client.ClientId, claims.RootElement.GetProperty("client_id").GetString());
        Assert.Equal(fixture.Client.ClientId, claims.RootElement.GetProperty("sub").GetString());
        Assert.Equal("read:contacts", claims.RootElement.GetProperty("scope").GetString());
        // JwtBearer 8 maps inbound claim names by default (documented in docs/interop.md).
        var types = claims.RootElement.GetProperty("claim_types").GetString()!.Split(' ');
        Assert.Contains(System.Security.Claims.ClaimTypes.NameIdentifier, types);
        Assert.DoesNotContain("sub", types);
        Assert.Contains("scope", types);
        Assert.Contains("client_id", types);

        var otherAudience = alg == "RS256" ? InteropFixture.Es256Audience : InteropFixture.Rs256Audience;
        var other = await fixture.Http.AccessTokenAsync(fixture.Client, otherAudience);
        (status, _, challenge) = await api.GetContactsAsync(other);
        Assert.Equal(401, status);
        Assert.Contains("invalid_token", challenge);
        Assert.Contains("audience", challenge, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RefusesMissingOpaqueAndTamperedTokens()
    {
        await using var api = await ProtectedApi.StartAsync(fixture.Server.Url, InteropFixture.Rs256Audience);
        Assert.Equal(401, (await api.GetContactsAsync(null)).Status);

        // An opaque token is not a JWT: a JWT-only resource server must introspect it instead.
        var opaque = await fixture.Http.AccessTokenAsync(fixture.Client, InteropFixture.OpaqueAudience);
        Assert.Equal(401, (await api.GetContactsAsync(opaque)).Status);

        var token = await fixture.Http.AccessTokenAsync(fixture.Client, InteropFixture.Rs256Audience, "read:contacts");
        var parts = token.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Convert.FromBase64String(Pad(parts[1])))!;
        payload["scope"] = JsonSerializer.SerializeToElement("read:contacts write:contacts");
        var forged = $"{parts[0]}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload))}.{parts[2]}";
        var (status, _, challenge) = await api.GetContactsAsync(forged);
        Assert.Equal(401, status);
        Assert.Contains("signature", challenge, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Finding: JwtBearer 8 does not check the JWT <c>typ</c> header by default (ValidTypes is
    /// empty), so it accepts at+jwt and would accept any other typ as well. RFC 9068 §4 wants
    /// resource servers to check it; setting ValidTypes = ["at+jwt"] works with Tollgate tokens.
    /// </summary>
    [Fact]
    public async Task TypIsNotCheckedByDefault_AndValidTypesAtJwtAcceptsTollgateTokens()
    {
        Assert.Empty(new JwtBearerOptions().TokenValidationParameters.ValidTypes ?? []);

        await using var api = await ProtectedApi.StartAsync(fixture.Server.Url, InteropFixture.Es256Audience,
            options => options.TokenValidationParameters.ValidTypes = ["at+jwt"]);
        var token = await fixture.Http.AccessTokenAsync(fixture.Client, InteropFixture.Es256Audience);
        Assert.Equal(200, (await api.GetContactsAsync(token)).Status);

        await using var strictJwt = await ProtectedApi.StartAsync(fixture.Server.Url, InteropFixture.Es256Audience,
            options => options.TokenValidationParameters.ValidTypes = ["JWT"]);
        Assert.Equal(401, (await strictJwt.GetContactsAsync(token)).Status);
    }

    /// <summary>JwtBearer validates offline: revocation at Tollgate does not reach it before the token expires.</summary>
    [Fact]
    public async Task RevokedJwtIsStillAcceptedByJwtBearer_ButIntrospectsInactive()
    {
        await using var api = await ProtectedApi.StartAsync(fixture.Server.Url, InteropFixture.Rs256Audience);
        var token = await fixture.Http.AccessTokenAsync(fixture.Client, InteropFixture.Rs256Audience);
        await fixture.Http.RevokeAsync(fixture.Client, token);

        Assert.False((await fixture.Http.IntrospectAsync(fixture.Client, token)).GetProperty("active").GetBoolean());
        Assert.Equal(200, (await api.GetContactsAsync(token)).Status);
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
