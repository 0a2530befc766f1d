using System.Net;
using System.Net.Http.Headers;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.OAuth;

public sealed class IntrospectionTests_InProcess(InProcessHost host) : IntrospectionTests<InProcessHost>(host);
public sealed class IntrospectionTests_Kestrel(KestrelHost host) : IntrospectionTests<KestrelHost>(host);
public sealed class IntrospectionTests_Postgres(PostgresHost host) : IntrospectionTests<PostgresHost>(host);

/// <summary>POST /oauth2/introspect (RFC 7662, and RFC 9701 with Accept: application/jwt).</summary>
public abstract class IntrospectionTests<THost>(THost host) : IClassFixture<THost> where THost : TollgateHost
{
    private async Task<(string Token, string ClientId, string Audience, (string Id, string Secret) Resource)> IssueAsync(string format)
    {
        var audience = await host.CreateApiAsync(format);
        var (id, secret) = await host.CreateClientAsync();
        await host.GrantAsync(id, audience, "read:contacts", "write:contacts");
        var resource = await host.CreateClientAsync(introspect: true);
        return (await host.TokenAsync(id, secret, audience), id, audience, resource);
    }

    [Theory]
    [InlineData("jwt")]
    [InlineData("opaque")]
    public async Task Introspect_ActiveToken_ReturnsItsClaims(string format)
    {
        var (token, clientId, audience, resource) = await IssueAsync(format);
        var body = await host.IntrospectAsync(token, resource.Id, resource.Secret);

        Assert.True(body["active"]!.GetValue<bool>());
        Assert.Equal(clientId, body.Str("client_id"));
        Assert.Equal(clientId, body.Str("sub"));
        Assert.Equal("read:contacts write:contacts", body.Str("scope"));
        Assert.Equal(audience, body.Str("aud"));
        Assert.Equal(host.Issuer, body.Str("iss"));
        Assert.Equal("Bearer", body.Str("token_type"));
        Assert.False(string.IsNullOrEmpty(body.Str("jti")));
        Assert.Equal(3600, body["exp"]!.GetValue<long>() - body["iat"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("tgat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")]
    public async Task Introspect_UnknownToken_IsExactlyActiveFalse(string token)
    {
        var (_, _, _, resource) = await IssueAsync("jwt");
        var response = await host.Http.SendAsync(TollgateHost.TokenRequest(resource.Id, resource.Secret, new() { ["token"] = token }, "/oauth2/introspect"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"active\":false}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Introspect_TamperedJwt_IsInactive()
    {
        var (token, _, _, resource) = await IssueAsync("jwt");
        var parts = token.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("read:contacts", "admin:all!!");
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        Assert.False((await host.IntrospectAsync(forged, resource.Id, resource.Secret))["active"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("jwt")]
    [InlineData("opaque")]
    public async Task Introspect_AfterExpiry_IsInactive(string format)
    {
        var (token, _, _, resource) = await IssueAsync(format);
        host.Time.Advance(TimeSpan.FromSeconds(3601));
        Assert.False((await host.IntrospectAsync(token, resource.Id, resource.Secret))["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Introspect_TokenOfDeletedClient_IsInactive()
    {
        var (token, clientId, _, resource) = await IssueAsync("opaque");
        Assert.True((await host.IntrospectAsync(token, resource.Id, resource.Secret))["active"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NoContent, (await host.AdminAsync(HttpMethod.Delete, $"/admin/clients/{clientId}")).StatusCode);
        Assert.False((await host.IntrospectAsync(token, resource.Id, resource.Secret))["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Introspect_ClientWithoutPermission_Is403()
    {
        var (token, _, _, _) = await IssueAsync("jwt");
        var (id, secret) = await host.CreateClientAsync(introspect: false);
        var response = await host.Http.SendAsync(TollgateHost.TokenRequest(id, secret, new() { ["token"] = token }, "/oauth2/introspect"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("unauthorized_client", (await response.JsonAsync()).Str("error"));
    }

    [Fact]
    public async Task Introspect_Unauthenticated_Is401()
    {
        var (token, _, _, _) = await IssueAsync("jwt");
        var response = await host.Http.PostAsync("/oauth2/introspect", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await response.JsonAsync()).Str("error"));
    }

    [Fact]
    public async Task Introspect_WithAdminBearer_Works_AndWithOtherBearer_Is401()
    {
        var (token, clientId, audience, _) = await IssueAsync("jwt");
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/introspect") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await host.AdminTokenAsync());
        var body = await (await host.Http.SendAsync(request)).JsonAsync();
        Assert.Equal(clientId, body.Str("client_id"));

        var notAdmin = new HttpRequestMessage(HttpMethod.Post, "/oauth2/introspect") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }) };
        notAdmin.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.SendAsync(notAdmin)).StatusCode);
        _ = audience;
    }

    [Fact]
    public async Task Introspect_MissingToken_IsInvalidRequest()
    {
        var (_, _, _, resource) = await IssueAsync("jwt");
        var response = await host.Http.SendAsync(TollgateHost.TokenRequest(resource.Id, resource.Secret, new() { ["token_type_hint"] = "access_token" }, "/oauth2/introspect"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.JsonAsync()).Str("error"));
    }

    [Theory]
    [InlineData("opaque", true)]
    [InlineData("jwt", true)]
    [InlineData("opaque", false)]
    public async Task Introspect_AcceptJwt_ReturnsSignedRfc9701Response(string format, bool active)
    {
        var (token, clientId, _, resource) = await IssueAsync(format);
        var request = TollgateHost.TokenRequest(resource.Id, resource.Secret, new() { ["token"] = active ? token : "tgat_unknown" }, "/oauth2/introspect");
        request.Headers.Accept.ParseAdd("application/jwt");
        var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/token-introspection+jwt", response.Content.Headers.ContentType!.MediaType);
        var jwks = new JsonWebKeySet(await host.Http.GetStringAsync("/.well-known/jwks.json"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(await response.Content.ReadAsStringAsync(), new TokenValidationParameters
        {
            ValidIssuer = host.Issuer, ValidAudience = resource.Id, IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidTypes = ["token-introspection+jwt"], ValidAlgorithms = ["RS256"], RequireExpirationTime = false,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var introspection = System.Text.Json.JsonDocument.Parse(((JsonWebToken)result.SecurityToken).GetPayloadValue<System.Text.Json.JsonElement>("token_introspection").GetRawText()).RootElement;
        Assert.Equal(active, introspection.GetProperty("active").GetBoolean());
        if (active) Assert.Equal(clientId, introspection.GetProperty("client_id").GetString());
        else Assert.Single(introspection.EnumerateObject());
    }
}
