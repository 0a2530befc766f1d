using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Tests.Dpop;

namespace Tollgate.Server.Tests.Dpop;

/// <summary>DPoP-bound tokens at the token endpoint (RFC 9449 §5), over HTTP.</summary>
public sealed class DpopTokenEndpointTests(InProcessHost host) : IClassFixture<InProcessHost>, IDisposable
{
    private readonly DpopKey _key = DpopKey.Es256();

    public void Dispose() => _key.Dispose();

    private string TokenUrl => host.Issuer + "/oauth2/token";

    private async Task<(string Id, string Secret, string Audience)> ClientAsync(string format = "jwt")
    {
        var (id, secret) = await host.CreateClientAsync(introspect: true);
        var audience = await host.CreateApiAsync(format);
        await host.GrantAsync(id, audience, "read:contacts");
        return (id, secret, audience);
    }

    private Task<HttpResponseMessage> TokenAsync((string Id, string Secret, string Audience) client, params string[] proofs)
    {
        var request = TollgateHost.TokenRequest(client.Id, client.Secret, new() { ["grant_type"] = "client_credentials", ["audience"] = client.Audience });
        foreach (var proof in proofs) request.Headers.TryAddWithoutValidation("DPoP", proof);
        return host.Http.SendAsync(request);
    }

    private string Proof(Action<JsonObject>? claims = null, DpopKey? key = null) =>
        (key ?? _key).Proof("POST", TokenUrl, host.Time.GetUtcNow(), editClaims: claims);

    private static JsonObject Payload(string jwt) => JsonNode.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[1])))!.AsObject();

    private static async Task AssertInvalidProofAsync(HttpResponseMessage response, string description)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("invalid_dpop_proof", body.Str("error"));
        Assert.Contains(description, body.Str("error_description"));
    }

    [Fact]
    public async Task Token_WithValidProof_IsBoundToTheKey_TokenTypeDPoP()
    {
        var client = await ClientAsync();
        var response = await TokenAsync(client, Proof());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("DPoP", body.Str("token_type"));
        Assert.Equal(_key.Thumbprint(), Payload(body.Str("access_token"))["cnf"]!["jkt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_WithoutProof_IsABearerTokenWithoutCnf()
    {
        var client = await ClientAsync();
        var body = await (await TokenAsync(client)).JsonAsync();
        Assert.Equal("Bearer", body.Str("token_type"));
        Assert.Null(Payload(body.Str("access_token"))["cnf"]);
    }

    [Theory]
    [InlineData("jwt")]
    [InlineData("opaque")]
    public async Task Introspection_BoundToken_ReturnsCnfAndTokenTypeDPoP(string format)
    {
        var client = await ClientAsync(format);
        var token = (await (await TokenAsync(client, Proof())).JsonAsync()).Str("access_token");
        var answer = await host.IntrospectAsync(token, client.Id, client.Secret);
        Assert.True(answer["active"]!.GetValue<bool>());
        Assert.Equal(_key.Thumbprint(), answer["cnf"]!["jkt"]!.GetValue<string>());
        Assert.Equal("DPoP", answer.Str("token_type"));

        var bearer = (await (await TokenAsync(client)).JsonAsync()).Str("access_token");
        var bearerAnswer = await host.IntrospectAsync(bearer, client.Id, client.Secret);
        Assert.True(bearerAnswer["active"]!.GetValue<bool>());
        Assert.Null(bearerAnswer["cnf"]);
        Assert.Equal("Bearer", bearerAnswer.Str("token_type"));
    }

    [Fact]
    public async Task Proof_Replayed_IsRefused()
    {
        var client = await ClientAsync();
        var proof = Proof();
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(client, proof)).StatusCode);
        await AssertInvalidProofAsync(await TokenAsync(client, proof), "jti was already used");
    }

    [Fact]
    public async Task Proof_ForAnotherUrlOrMethod_IsRefused()
    {
        var client = await ClientAsync();
        await AssertInvalidProofAsync(await TokenAsync(client, Proof(c => c["htu"] = host.Issuer + "/oauth2/introspect")), "htu does not match");
        await AssertInvalidProofAsync(await TokenAsync(client, Proof(c => c["htm"] = "GET")), "htm does not match");
    }

    [Fact]
    public async Task Proof_Stale_IsRefused()
    {
        var client = await ClientAsync();
        var proof = _key.Proof("POST", TokenUrl, host.Time.GetUtcNow().AddMinutes(-5));
        await AssertInvalidProofAsync(await TokenAsync(client, proof), "iat is older");
    }

    [Fact]
    public async Task Proof_Malformed_OrTwoHeaders_IsRefused_AndNoTokenIssued()
    {
        var client = await ClientAsync();
        await AssertInvalidProofAsync(await TokenAsync(client, "not-a-jwt"), "not a compact JWS");
        await AssertInvalidProofAsync(await TokenAsync(client, Proof(), Proof()), "exactly one DPoP header");
        var privateKey = _key.Proof("POST", TokenUrl, host.Time.GetUtcNow(), editHeader: h => h["jwk"] = _key.PrivateJwk());
        await AssertInvalidProofAsync(await TokenAsync(client, privateKey), "private member 'd'");
    }

    [Fact]
    public async Task Proof_Valid_ButClientFails_IsInvalidClient()
    {
        var client = await ClientAsync();
        var response = await TokenAsync((client.Id, "wrong-secret-0123456789", client.Audience), Proof());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await response.JsonAsync()).Str("error"));
    }

    [Fact]
    public async Task Discovery_AdvertisesDpopAlgorithms()
    {
        var metadata = JsonNode.Parse(await host.Http.GetStringAsync("/.well-known/oauth-authorization-server"))!;
        var algs = metadata["dpop_signing_alg_values_supported"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
        Assert.Contains("ES256", algs);
        Assert.Contains("RS256", algs);
        Assert.DoesNotContain("HS256", algs);
    }
}

/// <summary>A server that requires DPoP nonces at the token endpoint.</summary>
public sealed class DpopNonceHost() : TollgateHost(null)
{
    protected override bool UseKestrel => false;

    protected override void Configure(Dictionary<string, string?> settings) => settings["Tollgate:Dpop:RequireNonce"] = "true";
}

public sealed class DpopNonceTests(DpopNonceHost host) : IClassFixture<DpopNonceHost>, IDisposable
{
    private readonly DpopKey _key = DpopKey.Es256();

    public void Dispose() => _key.Dispose();

    [Fact]
    public async Task Nonce_Required_FirstUseDpopNonceWithHeader_ThenTokenWithIt()
    {
        var (id, secret) = await host.CreateClientAsync();
        var audience = await host.CreateApiAsync();
        await host.GrantAsync(id, audience, "read:contacts");
        var url = host.Issuer + "/oauth2/token";

        HttpRequestMessage Request(string proof)
        {
            var request = TollgateHost.TokenRequest(id, secret, new() { ["grant_type"] = "client_credentials", ["audience"] = audience });
            request.Headers.Add("DPoP", proof);
            return request;
        }

        var first = await host.Http.SendAsync(Request(_key.Proof("POST", url, host.Time.GetUtcNow())));
        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal("use_dpop_nonce", (await first.JsonAsync()).Str("error"));
        var nonce = Assert.Single(first.Headers.GetValues("DPoP-Nonce"));

        var wrong = await host.Http.SendAsync(Request(_key.Proof("POST", url, host.Time.GetUtcNow(), nonce: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")));
        Assert.Equal("use_dpop_nonce", (await wrong.JsonAsync()).Str("error"));

        var second = await host.Http.SendAsync(Request(_key.Proof("POST", url, host.Time.GetUtcNow(), nonce: nonce)));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("DPoP", (await second.JsonAsync()).Str("token_type"));
    }
}
