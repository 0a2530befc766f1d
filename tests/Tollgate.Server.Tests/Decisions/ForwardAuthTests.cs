using System.Net;
using System.Net.Http.Headers;
using Microsoft.IdentityModel.JsonWebTokens;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Decisions;

public sealed class ForwardAuthTests_InProcess(InProcessHost host) : ForwardAuthTests<InProcessHost>(host);
public sealed class ForwardAuthTests_Kestrel(KestrelHost host) : ForwardAuthTests<KestrelHost>(host);
public sealed class ForwardAuthTests_Postgres(PostgresHost host) : ForwardAuthTests<PostgresHost>(host);

/// <summary>GET /decisions as nginx auth_request, Traefik forwardAuth and Envoy ext_authz call it.</summary>
public abstract class ForwardAuthTests<THost>(THost host) : IClassFixture<THost> where THost : TollgateHost
{
    public const string Rules = """
        {"rules": [
          {"route": "GET /contacts", "scopes": ["read:contacts"]},
          {"route": "GET /contacts/{id}", "scopes": ["read:contacts"]},
          {"route": "POST /contacts", "scopes": ["write:contacts"]},
          {"route": "PUT /contacts/{id}", "scopes": ["write:contacts"]},
          {"route": "DELETE /contacts/{id}", "scopes": ["write:contacts"]}
        ]}
        """;

    private async Task<(string Audience, string Reader, string Writer)> ContactsAsync(string format = "jwt")
    {
        var audience = await host.CreateApiAsync(format);
        var put = await host.AdminAsync(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(audience)}/routes", Rules);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var reader = await host.CreateClientAsync();
        await host.GrantAsync(reader.Id, audience, "read:contacts");
        var writer = await host.CreateClientAsync();
        await host.GrantAsync(writer.Id, audience, "read:contacts", "write:contacts");
        return (audience, await host.TokenAsync(reader.Id, reader.Secret, audience), await host.TokenAsync(writer.Id, writer.Secret, audience));
    }

    private Task<HttpResponseMessage> DecideAsync(string audience, string method, string uri, string? token, bool traefik = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/decisions");
        request.Headers.Add("X-Tollgate-Audience", audience);
        request.Headers.Add(traefik ? "X-Forwarded-Method" : "X-Original-Method", method);
        request.Headers.Add(traefik ? "X-Forwarded-Uri" : "X-Original-URI", uri);
        if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        return host.Http.SendAsync(request);
    }

    private static string Challenge(HttpResponseMessage response) => response.Headers.WwwAuthenticate.ToString();

    [Fact]
    public async Task ReadService_MayRead_ButNotWrite()
    {
        var (audience, reader, _) = await ContactsAsync();
        var list = await DecideAsync(audience, "GET", "/contacts?limit=10", reader);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("read:contacts", list.Headers.GetValues("X-Tollgate-Scopes").Single());
        Assert.False(string.IsNullOrEmpty(list.Headers.GetValues("X-Tollgate-Client-Id").Single()));
        Assert.False(string.IsNullOrEmpty(list.Headers.GetValues("X-Tollgate-Jti").Single()));
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(audience, "GET", "/contacts/42", reader)).StatusCode);

        foreach (var (method, uri) in new[] { ("POST", "/contacts"), ("DELETE", "/contacts/42"), ("PUT", "/contacts/42") })
        {
            var refused = await DecideAsync(audience, method, uri, reader);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("error=\"insufficient_scope\"", Challenge(refused));
            Assert.Contains("scope=\"write:contacts\"", Challenge(refused));
            Assert.Equal("insufficient_scope", (await refused.JsonAsync()).Str("error"));
        }
    }

    [Fact]
    public async Task WriteService_MayDoEverything_AlsoThroughTraefikHeaders()
    {
        var (audience, _, writer) = await ContactsAsync();
        foreach (var (method, uri) in new[] { ("GET", "/contacts"), ("POST", "/contacts"), ("PUT", "/contacts/7"), ("DELETE", "/contacts/7") })
            Assert.Equal(HttpStatusCode.OK, (await DecideAsync(audience, method, uri, writer, traefik: true)).StatusCode);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("garbage", "inactive")]           // not a JWT: asked of introspection, which knows no such token
    [InlineData("x.y.z", "malformed_token")]
    [InlineData("eyJhbGciOiJub25lIiwidHlwIjoiYXQrand0In0.eyJzdWIiOiJ4In0.c2ln", "disallowed_algorithm")]
    public async Task BadOrMissingToken_Is401WithChallenge(string? token, string? reason)
    {
        var (audience, _, _) = await ContactsAsync();
        var response = await DecideAsync(audience, "GET", "/contacts", token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", Challenge(response));
        if (reason is null) Assert.DoesNotContain("error=", Challenge(response));
        else
        {
            Assert.Contains("error=\"invalid_token\"", Challenge(response));
            Assert.Equal(reason, System.Text.RegularExpressions.Regex.Match(Challenge(response), "error_description=\"([^\"]*)\"").Groups[1].Value);
        }
    }

    [Fact]
    public async Task TokenForAnotherApi_IsWrongAudience()
    {
        var (audience, _, _) = await ContactsAsync();
        var (other, otherReader, _) = await ContactsAsync();
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(other, "GET", "/contacts", otherReader)).StatusCode);
        var response = await DecideAsync(audience, "GET", "/contacts", otherReader);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("wrong_audience", Challenge(response));
    }

    [Fact]
    public async Task EmergencyRotations_TokensOfTheNewKeys_AreAllowedAtOnce()
    {
        // The embedded engines read the key ring in-process: no JWKS refetch, so no cooldown between rotations.
        var audience = await host.CreateApiAsync(alg: "ES256");
        await host.AdminAsync(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(audience)}/routes", Rules);
        var (id, secret) = await host.CreateClientAsync();
        await host.GrantAsync(id, audience, "read:contacts");
        var before = await host.TokenAsync(id, secret, audience);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(audience, "GET", "/contacts", before)).StatusCode);

        var kids = new HashSet<string>();
        for (var i = 0; i < 2; i++)
        {
            var rotated = await host.AdminOkAsync(HttpMethod.Post, "/admin/keys/rotate", new { alg = "ES256", immediately = true });
            var token = await host.TokenAsync(id, secret, audience);
            Assert.Equal(rotated.Str("kid"), new JsonWebToken(token).Kid);
            Assert.True(kids.Add(rotated.Str("kid")));
            Assert.Equal(HttpStatusCode.OK, (await DecideAsync(audience, "GET", "/contacts", token)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(audience, "GET", "/contacts", before)).StatusCode);   // the old key stays published
    }

    [Fact]
    public async Task RevokedJwt_IsRefusedOnTheNextDecision()
    {
        var audience = await host.CreateApiAsync();
        await host.AdminAsync(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(audience)}/routes", Rules);
        var (id, secret) = await host.CreateClientAsync();
        await host.GrantAsync(id, audience, "read:contacts");
        var token = await host.TokenAsync(id, secret, audience);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(audience, "GET", "/contacts", token)).StatusCode);

        await host.Http.SendAsync(TollgateHost.TokenRequest(id, secret, new() { ["token"] = token }, "/oauth2/revoke"));
        var response = await DecideAsync(audience, "GET", "/contacts", token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("revoked", Challenge(response));
    }

    [Fact]
    public async Task NarrowedGrant_RefusesOldTokensWithTheRemovedScope_AtOnce()
    {
        var audience = await host.CreateApiAsync();
        await host.AdminAsync(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(audience)}/routes", Rules);
        var (id, secret) = await host.CreateClientAsync();
        var grant = await host.GrantAsync(id, audience, "read:contacts", "write:contacts");
        var old = await host.TokenAsync(id, secret, audience);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(audience, "POST", "/contacts", old)).StatusCode);

        await host.AdminOkAsync(HttpMethod.Patch, $"/admin/grants/{grant.Str("id")}", new { scope = new[] { "read:contacts" } });
        var refused = await DecideAsync(audience, "GET", "/contacts", old);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("revoked", Challenge(refused));
        var fresh = await host.TokenAsync(id, secret, audience);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(audience, "GET", "/contacts", fresh)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await DecideAsync(audience, "POST", "/contacts", fresh)).StatusCode);
    }

    [Fact]
    public async Task OpaqueToken_IsIntrospectedInProcess_AndRevocationApplies()
    {
        var audience = await host.CreateApiAsync("opaque");
        await host.AdminAsync(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(audience)}/routes", Rules);
        var (id, secret) = await host.CreateClientAsync();
        await host.GrantAsync(id, audience, "read:contacts");
        var token = await host.TokenAsync(id, secret, audience);
        Assert.StartsWith("tgat_", token);

        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(audience, "GET", "/contacts", token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await DecideAsync(audience, "POST", "/contacts", token)).StatusCode);
        await host.Http.SendAsync(TollgateHost.TokenRequest(id, secret, new() { ["token"] = token }, "/oauth2/revoke"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(audience, "GET", "/contacts", token)).StatusCode);
    }

    [Fact]
    public async Task ChangedRules_ApplyOnTheNextDecision_AndUnmatchedRoutesAreDenied()
    {
        var (audience, reader, _) = await ContactsAsync();
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(audience, "GET", "/contacts/1", reader)).StatusCode);
        var forbidden = await DecideAsync(audience, "GET", "/invoices", reader);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("no_matching_rule", Challenge(forbidden));

        var tightened = Rules.Replace("{\"route\": \"GET /contacts/{id}\", \"scopes\": [\"read:contacts\"]}", "{\"route\": \"GET /contacts/{id}\", \"scopes\": [\"write:contacts\"]}");
        Assert.Equal(HttpStatusCode.OK, (await host.AdminAsync(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(audience)}/routes", tightened)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await DecideAsync(audience, "GET", "/contacts/1", reader)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(audience, "GET", "/contacts", reader)).StatusCode);
    }

    [Fact]
    public async Task ExpiredToken_Is401Expired()
    {
        var audience = await host.CreateApiAsync(lifetime: 60);
        await host.AdminAsync(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(audience)}/routes", Rules);
        var (id, secret) = await host.CreateClientAsync();
        await host.GrantAsync(id, audience, "read:contacts");
        var token = await host.TokenAsync(id, secret, audience);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(audience, "GET", "/contacts", token)).StatusCode);
        host.Time.Advance(TimeSpan.FromSeconds(61));
        var response = await DecideAsync(audience, "GET", "/contacts", token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", Challenge(response));
    }

    [Fact]
    public async Task UnknownOrMissingAudience_FailsClosed()
    {
        var (_, reader, _) = await ContactsAsync();
        var unknown = await DecideAsync("https://nothing.example", "GET", "/contacts", reader);
        Assert.Equal(HttpStatusCode.InternalServerError, unknown.StatusCode);
        Assert.Equal("server_error", (await unknown.JsonAsync()).Str("error"));
        var none = new HttpRequestMessage(HttpMethod.Get, "/decisions");
        none.Headers.Authorization = new AuthenticationHeaderValue("Bearer", reader);
        Assert.Equal(HttpStatusCode.InternalServerError, (await host.Http.SendAsync(none)).StatusCode);
    }

    [Fact]
    public async Task WithoutTokenHandler_APreflightIsAnOrdinaryDecision_AndNoCorsHeadersAreSent()
    {
        var (audience, _, _) = await ContactsAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/decisions");
        request.Headers.Add("X-Tollgate-Audience", audience);
        request.Headers.Add("X-Original-Method", "OPTIONS");
        request.Headers.Add("X-Original-URI", "/contacts");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Origin", "https://app.example");

        var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Vary"));
    }
}

