using System.Net;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Tests.Dpop;

namespace Tollgate.Server.Tests.Dpop;

public sealed class DpopDecisionTests_InProcess(InProcessHost host) : DpopDecisionTests<InProcessHost>(host);
public sealed class DpopDecisionTests_Kestrel(KestrelHost host) : DpopDecisionTests<KestrelHost>(host);
public sealed class DpopDecisionTests_Postgres(PostgresHost host) : DpopDecisionTests<PostgresHost>(host);

/// <summary>
/// RFC 9449 at <c>/decisions</c> with real tokens from the token endpoint, and the require-DPoP
/// settings of clients and APIs (stored by SQLite and by PostgreSQL, applied live).
/// </summary>
public abstract class DpopDecisionTests<THost>(THost host) : IClassFixture<THost>, IDisposable where THost : TollgateHost
{
    // What the gateway in front says the caller addressed: the proof's htu must be this.
    private const string PublicOrigin = "https://api.contacts.example:8443";
    private readonly DpopKey _key = DpopKey.Es256();

    public void Dispose() => _key.Dispose();

    private DateTimeOffset Now => host.Time.GetUtcNow();

    private async Task<(string Audience, string Id, string Secret)> ContactsAsync(string format = "jwt")
    {
        var audience = await host.CreateApiAsync(format);
        var put = await host.AdminAsync(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(audience)}/routes",
            """{"rules": [{"route": "GET /contacts/{id}", "scopes": ["read:contacts"]}]}""");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var (id, secret) = await host.CreateClientAsync();
        await host.GrantAsync(id, audience, "read:contacts");
        return (audience, id, secret);
    }

    private async Task<HttpResponseMessage> TokenResponseAsync((string Audience, string Id, string Secret) client, bool dpop)
    {
        var request = TollgateHost.TokenRequest(client.Id, client.Secret, new() { ["grant_type"] = "client_credentials", ["audience"] = client.Audience });
        if (dpop) request.Headers.TryAddWithoutValidation("DPoP", _key.Proof("POST", host.Issuer + "/oauth2/token", Now));
        return await host.Http.SendAsync(request);
    }

    private async Task<string> TokenAsync((string Audience, string Id, string Secret) client, bool dpop)
    {
        var response = await TokenResponseAsync(client, dpop);
        var body = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        Assert.Equal(dpop ? "DPoP" : "Bearer", body.Str("token_type"));
        return body.Str("access_token");
    }

    private Task<HttpResponseMessage> DecideAsync(string audience, string scheme, string token, params string[] proofs)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/decisions");
        request.Headers.Add("X-Tollgate-Audience", audience);
        request.Headers.Add("X-Original-Method", "GET");
        request.Headers.Add("X-Original-URI", "/contacts/42?fields=name");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "api.contacts.example:8443");
        request.Headers.TryAddWithoutValidation("Authorization", $"{scheme} {token}");
        foreach (var proof in proofs) request.Headers.TryAddWithoutValidation("DPoP", proof);
        return host.Http.SendAsync(request);
    }

    private string ProofFor(string token, string url = PublicOrigin + "/contacts/42", string method = "GET") => _key.Proof(method, url, Now, token);

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string reason, string challengeError)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.StartsWith("DPoP ", challenge);
        Assert.Contains($"error=\"{challengeError}\"", challenge);
        Assert.Contains("algs=\"ES256 ES384 ES512 RS256 PS256\"", challenge);
        Assert.Equal(reason, (await response.JsonAsync()).Str("error_description"));
    }

    [Theory]
    [InlineData("jwt")]
    [InlineData("opaque")]
    public async Task Decision_BoundTokenWithProofForTheOriginalUrl_IsAllowed_AndTheProofOnlyOnce(string format)
    {
        var client = await ContactsAsync(format);
        var token = await TokenAsync(client, dpop: true);
        var proof = ProofFor(token);

        var allowed = await DecideAsync(client.Audience, "DPoP", token, proof);
        var replayed = await DecideAsync(client.Audience, "DPoP", token, proof);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(client.Id, allowed.Headers.GetValues("X-Tollgate-Client-Id").Single());
        await AssertRefusedAsync(replayed, "invalid_dpop_proof", "invalid_dpop_proof");
    }

    [Theory]
    [InlineData("jwt")]
    [InlineData("opaque")]
    public async Task Decision_BoundTokenSentAsBearer_IsDpopRequired(string format)
    {
        var client = await ContactsAsync(format);
        var token = await TokenAsync(client, dpop: true);

        await AssertRefusedAsync(await DecideAsync(client.Audience, "Bearer", token, ProofFor(token)), "dpop_required", "invalid_token");
    }

    [Fact]
    public async Task Decision_ProofForAnotherUrlOrMethodOrTwoProofs_IsInvalidDpopProof()
    {
        var client = await ContactsAsync();
        var token = await TokenAsync(client, dpop: true);

        // $host without the port (what nginx's $host gives) is not the URL the client called.
        await AssertRefusedAsync(await DecideAsync(client.Audience, "DPoP", token, ProofFor(token, "https://api.contacts.example/contacts/42")),
            "invalid_dpop_proof", "invalid_dpop_proof");
        await AssertRefusedAsync(await DecideAsync(client.Audience, "DPoP", token, ProofFor(token, method: "DELETE")), "invalid_dpop_proof", "invalid_dpop_proof");
        await AssertRefusedAsync(await DecideAsync(client.Audience, "DPoP", token, ProofFor(token), ProofFor(token)), "invalid_dpop_proof", "invalid_dpop_proof");
        await AssertRefusedAsync(await DecideAsync(client.Audience, "DPoP", token), "invalid_dpop_proof", "invalid_dpop_proof");
    }

    [Fact]
    public async Task Decision_UnboundTokenWithDpopScheme_IsTokenNotBound_AndAsBearerStillAllowed()
    {
        var client = await ContactsAsync();
        var token = await TokenAsync(client, dpop: false);

        await AssertRefusedAsync(await DecideAsync(client.Audience, "DPoP", token, ProofFor(token)), "token_not_bound", "invalid_token");
        var bearer = await DecideAsync(client.Audience, "Bearer", token);
        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        Assert.StartsWith("Bearer", (await DecideAsync(client.Audience, "Bearer", token + "x")).Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task ApiRequireDpop_IsStored_TokenEndpointWantsAProof_AndDecisionsRefuseUnboundTokensAtOnce()
    {
        var client = await ContactsAsync();
        var unbound = await TokenAsync(client, dpop: false);
        var api = Uri.EscapeDataString(client.Audience);

        var patched = await host.AdminOkAsync(HttpMethod.Patch, $"/admin/apis/{api}", new { require_dpop = true });
        var read = await host.AdminOkAsync(HttpMethod.Get, $"/admin/apis/{api}");

        Assert.True(patched["require_dpop"]!.GetValue<bool>());
        Assert.True(read["require_dpop"]!.GetValue<bool>());
        await AssertRefusedAsync(await DecideAsync(client.Audience, "Bearer", unbound), "token_not_bound", "invalid_token");
        var refused = await TokenResponseAsync(client, dpop: false);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = await refused.JsonAsync();
        Assert.Equal("invalid_dpop_proof", error.Str("error"));
        Assert.Contains("requires DPoP-bound tokens", error.Str("error_description"));
        var bound = await TokenAsync(client, dpop: true);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(client.Audience, "DPoP", bound, ProofFor(bound))).StatusCode);

        await host.AdminOkAsync(HttpMethod.Patch, $"/admin/apis/{api}", new { require_dpop = false });
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(client.Audience, "Bearer", unbound)).StatusCode);
    }

    [Fact]
    public async Task ClientDpopBoundAccessTokens_IsStored_AndTheTokenEndpointRefusesItABearerToken()
    {
        var client = await ContactsAsync();
        Assert.False((await host.AdminOkAsync(HttpMethod.Get, $"/admin/clients/{client.Id}"))["dpop_bound_access_tokens"]!.GetValue<bool>());

        var patched = await host.AdminOkAsync(HttpMethod.Patch, $"/admin/clients/{client.Id}", new { dpop_bound_access_tokens = true });
        var read = await host.AdminOkAsync(HttpMethod.Get, $"/admin/clients/{client.Id}");
        var refused = await TokenResponseAsync(client, dpop: false);

        Assert.True(patched["dpop_bound_access_tokens"]!.GetValue<bool>());
        Assert.True(read["dpop_bound_access_tokens"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = await refused.JsonAsync();
        Assert.Equal("invalid_dpop_proof", error.Str("error"));
        Assert.Contains("dpop_bound_access_tokens", error.Str("error_description"));
        await TokenAsync(client, dpop: true);
    }

    [Fact]
    public async Task ClientCreatedWithDpopBoundAccessTokens_KeepsIt()
    {
        var created = await host.AdminOkAsync(HttpMethod.Post, "/admin/clients", new JsonObject { ["client_name"] = "dpop client", ["dpop_bound_access_tokens"] = true });

        var read = await host.AdminOkAsync(HttpMethod.Get, $"/admin/clients/{created.Str("client_id")}");

        Assert.True(read["dpop_bound_access_tokens"]!.GetValue<bool>());
    }
}
