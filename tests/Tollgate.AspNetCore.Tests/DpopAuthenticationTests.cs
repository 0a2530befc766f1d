using System.Net;
using Tollgate.AspNetCore.Tests.Infrastructure;
using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Tests.Dpop;

namespace Tollgate.AspNetCore.Tests;

/// <summary>The handler with DPoP-bound tokens from the real token endpoint (RFC 9449 §7).</summary>
public sealed class DpopAuthenticationTests(ServerFixture server) : IClassFixture<ServerFixture>, IDisposable
{
    // The TestServer's own URL: what the proof's htu must name.
    private const string ContactsUrl = "http://localhost/contacts";
    private readonly DpopKey _key = DpopKey.Es256();

    public void Dispose() => _key.Dispose();

    private async Task<string> BoundTokenAsync()
    {
        var request = TollgateHost.TokenRequest(server.Caller.Id, server.Caller.Secret,
            new() { ["grant_type"] = "client_credentials", ["audience"] = server.Audience, ["scope"] = "read:contacts" });
        request.Headers.Add("DPoP", _key.Proof("POST", server.Host.Issuer + "/oauth2/token", server.Host.Time.GetUtcNow()));
        var body = await (await server.Host.Http.SendAsync(request)).JsonAsync();
        Assert.Equal("DPoP", body.Str("token_type"));
        return body.Str("access_token");
    }

    private static Task<HttpResponseMessage> SendAsync(ProtectedApi api, string authorization, params string[] proofs)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/contacts");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        foreach (var proof in proofs) request.Headers.TryAddWithoutValidation("DPoP", proof);
        return api.Http.SendAsync(request);
    }

    [Fact]
    public async Task BoundToken_WithAProofForThisRequest_Is200()
    {
        await using var api = await ProtectedApi.StartAsync(server.Options());
        var token = await BoundTokenAsync();

        var response = await SendAsync(api, "DPoP " + token, _key.Proof("GET", ContactsUrl, DateTimeOffset.UtcNow, token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"contacts for {server.Caller.Id}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BoundToken_AsBearer_Is401DpopRequired_WithADpopChallenge()
    {
        await using var api = await ProtectedApi.StartAsync(server.Options());

        var response = await SendAsync(api, "Bearer " + await BoundTokenAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("DPoP error=\"invalid_token\", error_description=\"dpop_required\", algs=\"ES256 ES384 ES512 RS256 PS256\"",
            response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task BoundToken_WithAProofForAnotherUrlOrTwoProofs_Is401InvalidDpopProof()
    {
        await using var api = await ProtectedApi.StartAsync(server.Options());
        var token = await BoundTokenAsync();

        var otherUrl = await SendAsync(api, "DPoP " + token, _key.Proof("GET", "http://localhost/whoami", DateTimeOffset.UtcNow, token));
        var two = await SendAsync(api, "DPoP " + token,
            _key.Proof("GET", ContactsUrl, DateTimeOffset.UtcNow, token), _key.Proof("GET", ContactsUrl, DateTimeOffset.UtcNow, token));

        Assert.Equal(HttpStatusCode.Unauthorized, otherUrl.StatusCode);
        Assert.StartsWith("DPoP error=\"invalid_dpop_proof\"", otherUrl.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, two.StatusCode);
        Assert.Contains(api.LogLines, l => l.Contains("more than one DPoP header", StringComparison.Ordinal));
    }
}
