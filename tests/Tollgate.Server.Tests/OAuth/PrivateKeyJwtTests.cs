using System.Net;
using System.Text.Json.Nodes;
using Tollgate.Core.Keys;
using Tollgate.Core.Tokens;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.OAuth;

/// <summary>private_key_jwt client authentication (RFC 7523) at the token endpoint.</summary>
public sealed class PrivateKeyJwtTests(InProcessHost host) : IClassFixture<InProcessHost>, IDisposable
{
    private readonly SigningKey _key = SigningKey.Generate("ES256");

    public void Dispose() => _key.Dispose();

    private async Task<(string ClientId, string Audience)> ClientAsync()
    {
        var created = await host.AdminOkAsync(HttpMethod.Post, "/admin/clients", new
        {
            token_endpoint_auth_method = "private_key_jwt",
            jwks = JsonNode.Parse($"{{\"keys\":[{_key.PublicJwk}]}}"),
        });
        Assert.False(created.ContainsKey("client_secret"));
        var audience = await host.CreateApiAsync();
        await host.GrantAsync(created.Str("client_id"), audience, "read:contacts");
        return (created.Str("client_id"), audience);
    }

    private string Assertion(string clientId, string? audience = null, TimeSpan? lifetime = null, string? jti = null, SigningKey? key = null, string? sub = null)
    {
        var now = host.Time.GetUtcNow();
        return JwtWriter.Write(key ?? _key, "JWT", json =>
        {
            json.WriteString("iss", clientId);
            json.WriteString("sub", sub ?? clientId);
            json.WriteString("aud", audience ?? $"{host.Issuer}/oauth2/token");
            json.WriteString("jti", jti ?? Guid.NewGuid().ToString("N"));
            json.WriteNumber("iat", now.ToUnixTimeSeconds());
            json.WriteNumber("exp", (now + (lifetime ?? TimeSpan.FromMinutes(2))).ToUnixTimeSeconds());
        });
    }

    private Task<HttpResponseMessage> TokenAsync(string assertion, string? clientId = null, string type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_assertion_type"] = type, ["client_assertion"] = assertion };
        if (clientId is not null) form["client_id"] = clientId;
        return host.Http.PostAsync("/oauth2/token", new FormUrlEncodedContent(form));
    }

    private static async Task AssertInvalidClientAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await response.JsonAsync()).Str("error"));
    }

    [Fact]
    public async Task Assertion_SignedWithRegisteredKey_GetsAToken()
    {
        var (clientId, _) = await ClientAsync();
        var response = await TokenAsync(Assertion(clientId), clientId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("read:contacts", (await response.JsonAsync()).Str("scope"));
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(Assertion(clientId, audience: host.Issuer))).StatusCode);   // issuer as aud, no client_id
    }

    [Fact]
    public async Task Assertion_Replayed_IsRefused()
    {
        var (clientId, _) = await ClientAsync();
        var assertion = Assertion(clientId);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(assertion)).StatusCode);
        await AssertInvalidClientAsync(await TokenAsync(assertion));
    }

    [Fact]
    public async Task Assertion_WrongAudience_Expired_TooLong_WrongKey_WrongSubject_AreRefused()
    {
        var (clientId, _) = await ClientAsync();
        await AssertInvalidClientAsync(await TokenAsync(Assertion(clientId, audience: "https://someone-else.example/token")));
        await AssertInvalidClientAsync(await TokenAsync(Assertion(clientId, lifetime: TimeSpan.FromMinutes(-5))));
        await AssertInvalidClientAsync(await TokenAsync(Assertion(clientId, lifetime: TimeSpan.FromHours(1))));
        using var stranger = SigningKey.Generate("ES256");
        await AssertInvalidClientAsync(await TokenAsync(Assertion(clientId, key: stranger)));
        var other = await ClientAsync();
        await AssertInvalidClientAsync(await TokenAsync(Assertion(clientId, sub: other.ClientId)));
    }

    [Fact]
    public async Task Assertion_Malformed_IsA400Or401_NeverA500()
    {
        var (clientId, _) = await ClientAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await TokenAsync(Assertion(clientId), type: "urn:something-else")).StatusCode);
        await AssertInvalidClientAsync(await TokenAsync("not.a.jwt"));
        await AssertInvalidClientAsync(await TokenAsync(Assertion(clientId), clientId: "someone-else"));
        var secretClient = await host.CreateClientAsync();
        await AssertInvalidClientAsync(await TokenAsync(Assertion(secretClient.Id)));   // registered for a secret, not a key
    }

    [Fact]
    public async Task Registration_RequiresExactlyOnePublicKeySource()
    {
        var none = await host.AdminAsync(HttpMethod.Post, "/admin/clients", new { token_endpoint_auth_method = "private_key_jwt" });
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("\"jwks\"", await none.Content.ReadAsStringAsync());
        var both = await host.AdminAsync(HttpMethod.Post, "/admin/clients", new
        {
            token_endpoint_auth_method = "private_key_jwt", jwks = JsonNode.Parse($"{{\"keys\":[{_key.PublicJwk}]}}"), jwks_uri = "https://keys.example/jwks.json",
        });
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        var privateJwk = await host.AdminAsync(HttpMethod.Post, "/admin/clients", new
        {
            token_endpoint_auth_method = "private_key_jwt", jwks = JsonNode.Parse("{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}"),
        });
        Assert.Equal(HttpStatusCode.BadRequest, privateJwk.StatusCode);
        var plainHttp = await host.AdminAsync(HttpMethod.Post, "/admin/clients", new { token_endpoint_auth_method = "private_key_jwt", jwks_uri = "http://keys.example/jwks" });
        Assert.Equal(HttpStatusCode.BadRequest, plainHttp.StatusCode);
        Assert.Contains("jwks_uri", await plainHttp.Content.ReadAsStringAsync());
    }
}
