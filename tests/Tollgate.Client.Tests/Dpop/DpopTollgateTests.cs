using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Client.Tests.Infrastructure;
using static Tollgate.Client.Tests.Dpop.DpopProofReading;

namespace Tollgate.Client.Tests.Dpop;

/// <summary>
/// DPoP end to end: Tollgate's token endpoint (nonces required) binds the token to the client's key,
/// and a resource server checks each call's proof with Tollgate.Authorizer's validator and asks for its own nonce once.
/// </summary>
public sealed class DpopTollgateTests(DpopAuthServer server) : IClassFixture<DpopAuthServer>, IAsyncLifetime
{
    private readonly RequestLog _backchannel = new();
    private readonly List<DpopResourceApi> _resources = [];
    private ServiceProvider? _services;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        foreach (var resource in _resources) await resource.DisposeAsync();
    }

    private async Task<DpopResourceApi> ResourceAsync()
    {
        var resource = new DpopResourceApi(server.Time);
        _resources.Add(resource);
        await resource.StartAsync();
        return resource;
    }

    /// <summary>One service provider (one token cache, one nonce store) with a DPoP client per (name, resource, configure).</summary>
    private IHttpClientFactory Clients(params (string Name, DpopResourceApi Resource, Action<ClientCredentialsOptions> Configure)[] clients)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(server.Time);
        services.AddHttpClient(ClientCredentialsDefaults.BackchannelClientName).AddHttpMessageHandler(() => new CountingHandler(_backchannel));
        foreach (var (name, resource, configure) in clients)
            services.AddHttpClient(name, c => c.BaseAddress = resource.BaseAddress).AddClientCredentialsToken(o => { server.Configure(o); configure(o); });
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<IHttpClientFactory>();
    }

    private int TokenRequests => _backchannel.TokenRequests(server.TokenEndpoint.AbsoluteUri);


    [Fact]
    public async Task TokenRequest_NonceRequired_RetriedOnceWithTheNonce_TokenBoundToTheGivenKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var resource = await ResourceAsync();
        var client = Clients(("api", resource, o => o.UseDpop(key))).CreateClient("api");

        var response = await client.GetAsync("/orders");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, TokenRequests);   // use_dpop_nonce with a DPoP-Nonce, then the same request with it
        var proofs = _backchannel.DpopProofs.ToList();
        Assert.Equal(2, proofs.Count);
        foreach (var proof in proofs)
        {
            var header = Header(proof);
            Assert.Equal("dpop+jwt", header["typ"]!.GetValue<string>());
            Assert.Equal("ES256", header["alg"]!.GetValue<string>());
            Assert.Equal(["crv", "kty", "x", "y"], header["jwk"]!.AsObject().Select(m => m.Key).Order());
            var claims = Claims(proof);
            Assert.Equal("POST", claims["htm"]!.GetValue<string>());
            Assert.Equal(server.TokenEndpoint.AbsoluteUri, claims["htu"]!.GetValue<string>());
            Assert.Null(claims["ath"]);
        }
        Assert.Null(Claims(proofs[0])["nonce"]);
        Assert.NotNull(Claims(proofs[1])["nonce"]);
        Assert.NotEqual(Claims(proofs[0])["jti"]!.GetValue<string>(), Claims(proofs[1])["jti"]!.GetValue<string>());

        var accepted = Assert.Single(resource.Accepted);
        Assert.Equal("DPoP", accepted.Scheme);
        Assert.Equal(Thumbprint(key), accepted.Thumbprint);
        var token = (await _services!.GetRequiredService<IClientCredentialsTokenSource>().GetTokenAsync("api")).Value;
        Assert.Equal(Thumbprint(key), DpopResourceApi.Jkt(token));   // the server's cnf.jkt is this key's thumbprint
        Assert.Equal("DPoP", (await _services!.GetRequiredService<IClientCredentialsTokenSource>().GetTokenAsync("api")).TokenType);
    }

    [Fact]
    public async Task ResourceCalls_EachProofFitsItsMethodUrlAndToken_AndTheResourceNonceIsAskedOnce()
    {
        var resource = await ResourceAsync();
        var client = Clients(("api", resource, o => o.UseDpop())).CreateClient("api");

        // The first call is a POST: the resource's use_dpop_nonce makes the handler send its body again.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/orders", new StringContent("{\"item\":42}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/orders/1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/orders?page=2#top")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync("/orders/1")).StatusCode);

        var calls = resource.Calls.ToList();
        var refused = Assert.Single(calls, c => c.Status != 200);
        Assert.Equal("use_dpop_nonce", refused.Error);
        Assert.Same(calls[0], refused);   // the first call, before the resource's nonce was known
        var origin = resource.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.Equal(
            [("POST", origin + "/orders"), ("GET", origin + "/orders/1"), ("GET", origin + "/orders"), ("DELETE", origin + "/orders/1")],
            resource.Accepted.Select(c => (c.Method, c.Url)));
        foreach (var call in resource.Accepted)
        {
            var claims = Claims(call.Proof!);
            Assert.Equal(call.Method, claims["htm"]!.GetValue<string>());
            Assert.Equal(call.Url, claims["htu"]!.GetValue<string>());   // no query, no fragment
            Assert.NotNull(claims["ath"]);
            Assert.NotNull(claims["nonce"]);
        }
        Assert.Equal(["{\"item\":42}", "{\"item\":42}"], calls.Where(c => c.Method == "POST").Select(c => c.Body));
        Assert.Equal(2, TokenRequests);   // the resource's nonce retry reuses the token
    }

    [Fact]
    public async Task Proofs_AreFreshForEveryRequest()
    {
        var resource = await ResourceAsync();
        var client = Clients(("api", resource, o => o.UseDpop())).CreateClient("api");

        for (var i = 0; i < 10; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/orders")).StatusCode);

        var accepted = resource.Accepted.ToList();
        Assert.Equal(10, accepted.Count);
        Assert.Equal(10, accepted.Select(c => c.Jti).Distinct().Count());
        Assert.Equal(10, accepted.Select(c => c.Proof).Distinct().Count());
        Assert.Single(accepted.Select(c => c.Thumbprint).Distinct());
    }

    [Fact]
    public async Task ConcurrentFirstCalls_OneTokenFetch_EachCallItsOwnProof_AllAccepted()
    {
        var resource = await ResourceAsync();
        var client = Clients(("api", resource, o => o.UseDpop())).CreateClient("api");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.GetAsync($"/orders/{i}")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(2, TokenRequests);   // collapsed into one fetch (and its nonce retry)
        var accepted = resource.Accepted.ToList();
        Assert.Equal(20, accepted.Count);
        Assert.Equal(20, accepted.Select(c => c.Jti).Distinct().Count());
        // Calls that started before the resource's nonce was known were each retried once with it.
        Assert.All(resource.Calls.Where(c => c.Status != 200), c => Assert.Equal("use_dpop_nonce", c.Error));
    }

    [Fact]
    public async Task ReplayedProof_IsRefusedByTheResource()
    {
        // The resource's checks are real: the same proof and token sent again are refused.
        var resource = await ResourceAsync();
        var client = Clients(("api", resource, o => o.UseDpop())).CreateClient("api");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/orders")).StatusCode);
        var first = resource.Accepted.Single();
        var token = (await _services!.GetRequiredService<IClientCredentialsTokenSource>().GetTokenAsync("api")).Value;

        using var raw = new HttpClient { BaseAddress = resource.BaseAddress };
        using var replay = new HttpRequestMessage(HttpMethod.Get, "/orders");
        replay.Headers.Authorization = new AuthenticationHeaderValue("DPoP", token);
        replay.Headers.Add("DPoP", first.Proof);
        var response = await raw.SendAsync(replay);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_dpop_proof", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Nonces_AreKeptPerOrigin_AndEachKeyGetsItsOwnToken()
    {
        var first = await ResourceAsync();
        var second = await ResourceAsync();
        var factory = Clients(("a", first, o => o.UseDpop()), ("b", second, o => o.UseDpop()));

        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient("a").GetAsync("/x")).StatusCode);
        Assert.Equal(2, TokenRequests);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient("b").GetAsync("/x")).StatusCode);
        Assert.Equal(3, TokenRequests);   // the token server's nonce was known: no use_dpop_nonce round trip
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient("a").GetAsync("/y")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient("b").GetAsync("/y")).StatusCode);

        // Each resource asked for its own nonce once, though the token server's was known.
        Assert.Single(first.Calls, c => c.Error == "use_dpop_nonce");
        Assert.Single(second.Calls, c => c.Error == "use_dpop_nonce");
        // Same settings but another (generated) key: another token, bound to that key.
        var a = first.Accepted.Select(c => c.Thumbprint).Distinct().Single();
        var b = second.Accepted.Select(c => c.Thumbprint).Distinct().Single();
        Assert.NotEqual(a, b);
        var source = _services!.GetRequiredService<IClientCredentialsTokenSource>();
        Assert.Equal(a, DpopResourceApi.Jkt((await source.GetTokenAsync("a")).Value));
        Assert.Equal(b, DpopResourceApi.Jkt((await source.GetTokenAsync("b")).Value));
        Assert.Equal(3, TokenRequests);
    }

    [Theory]
    [InlineData("RS256")]
    [InlineData("PS256")]
    public async Task RsaKey_SignsProofsWithItsAlgorithm(string algorithm)
    {
        using var key = RSA.Create(2048);
        var resource = await ResourceAsync();
        var client = Clients(("api", resource, o => o.UseDpop(key, algorithm))).CreateClient("api");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/orders")).StatusCode);

        var accepted = Assert.Single(resource.Accepted);
        Assert.Equal(algorithm, Header(accepted.Proof!)["alg"]!.GetValue<string>());
        Assert.Equal(["e", "kty", "n"], Header(accepted.Proof!)["jwk"]!.AsObject().Select(m => m.Key).Order());
        Assert.Equal(Thumbprint(key), accepted.Thumbprint);
        Assert.Equal(Thumbprint(key), DpopResourceApi.Jkt((await _services!.GetRequiredService<IClientCredentialsTokenSource>().GetTokenAsync("api")).Value));
    }
}
