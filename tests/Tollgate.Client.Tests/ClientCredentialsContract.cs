using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Client.Tests.Infrastructure;

namespace Tollgate.Client.Tests;

/// <summary>
/// What the handler must do against any standards-compliant server; run against Tollgate and
/// against npm oidc-provider by the two subclasses. Each test has its own service provider, so
/// its own token cache, a fake clock and a log of the backchannel's requests.
/// </summary>
public abstract class ClientCredentialsContract<TServer>(TServer server, TestApi api) : IAsyncLifetime
    where TServer : AuthServer
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly RequestLog _backchannel = new();
    private ServiceProvider? _services;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
    }

    private HttpClient Client(Action<ClientCredentialsOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddHttpClient(ClientCredentialsDefaults.BackchannelClientName).AddHttpMessageHandler(() => new CountingHandler(_backchannel));
        services.AddHttpClient("api", c => c.BaseAddress = api.BaseAddress).AddClientCredentialsToken(configure ?? server.Basic);
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<IHttpClientFactory>().CreateClient("api");
    }

    private int TokenRequests => _backchannel.TokenRequests(server.TokenEndpoint);

    private async Task<string> CallAsync(HttpClient client, string path = "/orders")
    {
        var before = api.Tokens.Count;
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return api.Tokens.Skip(before).Last()!;
    }

    [Fact]
    public async Task Calls_Sequential_ShareOneToken()
    {
        var client = Client();
        var tokens = new List<string>();
        for (var i = 0; i < 5; i++) tokens.Add(await CallAsync(client, $"/orders/{i}"));
        Assert.Equal(1, TokenRequests);
        Assert.Single(tokens.Distinct());
        Assert.Equal(3, tokens[0].Split('.').Length);   // both servers issue JWTs for this audience
    }

    [Fact]
    public async Task TwoHttpClients_WithTheSameSettings_ShareOneToken()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddHttpClient(ClientCredentialsDefaults.BackchannelClientName).AddHttpMessageHandler(() => new CountingHandler(_backchannel));
        services.AddHttpClient("a", c => c.BaseAddress = api.BaseAddress).AddClientCredentialsToken(server.Basic);
        services.AddHttpClient("b", c => c.BaseAddress = api.BaseAddress).AddClientCredentialsToken(server.Basic);
        services.AddHttpClient("c", c => c.BaseAddress = api.BaseAddress).AddClientCredentialsToken(o => { server.Basic(o); o.Scope = null; });
        _services = services.BuildServiceProvider();
        var factory = _services.GetRequiredService<IHttpClientFactory>();
        var a = await CallAsync(factory.CreateClient("a"));
        var b = await CallAsync(factory.CreateClient("b"));
        var c = await CallAsync(factory.CreateClient("c"));   // another scope: another token
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(2, TokenRequests);
    }

    [Fact]
    public async Task Calls_Concurrent_CollapseIntoOneTokenRequest()
    {
        var client = Client();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.GetAsync($"/orders/{i}")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, TokenRequests);
    }

    [Fact]
    public async Task Token_NearExpiry_IsRenewedInTheBackground()
    {
        var client = Client();
        var first = await CallAsync(client);
        // Both servers issue one-hour tokens: renewal starts 60 s before exp, without any call.
        _time.Advance(TimeSpan.FromSeconds(3600 - 61));
        Assert.Equal(1, TokenRequests);
        _time.Advance(TimeSpan.FromSeconds(2));
        await WaitForAsync(() => TokenRequests == 2);
        // Until the renewal's answer is in, calls keep the current (still valid) token.
        var source = _services!.GetRequiredService<IClientCredentialsTokenSource>();
        for (var i = 0; i < 200 && (await source.GetTokenAsync("api")).Value == first; i++) await Task.Delay(25);
        var second = await CallAsync(client);
        Assert.NotEqual(first, second);
        Assert.Equal(2, TokenRequests);
    }

    [Fact]
    public async Task Token_NotUsedSinceFetched_IsNotRenewed()
    {
        var client = Client();
        await CallAsync(client);
        _time.Advance(TimeSpan.FromSeconds(3600 - 59));
        await WaitForAsync(() => TokenRequests == 2);   // used once after its fetch: renewed
        _time.Advance(TimeSpan.FromSeconds(3600));      // nobody called since: no renewal
        await Task.Delay(300);
        Assert.Equal(2, TokenRequests);
    }

    [Fact]
    public async Task Unauthorized_IsRetriedOnceWithAFreshToken_AndTheBodySentAgain()
    {
        var client = Client();
        var first = await CallAsync(client);
        api.Refused[first] = true;
        var before = api.Tokens.Count;

        var response = await client.PostAsync("/orders", new StringContent("{\"item\":42}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = api.Tokens.Skip(before).ToList();
        Assert.Equal(2, seen.Count);
        Assert.Equal(first, seen[0]);
        Assert.NotEqual(first, seen[1]);
        Assert.Equal(["{\"item\":42}", "{\"item\":42}"], api.Bodies.Skip(before).ToList());
        Assert.Equal(2, TokenRequests);
    }

    [Fact]
    public async Task Unauthorized_Twice_ReturnsThe401AfterOneRetry()
    {
        var client = Client();
        await CallAsync(client);
        var before = api.Tokens.Count;
        api.RefuseAll = true;
        try
        {
            var response = await client.GetAsync("/orders");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        finally
        {
            api.RefuseAll = false;
        }
        Assert.Equal(2, api.Tokens.Count - before);
        Assert.Equal(2, TokenRequests);
    }

    [Fact]
    public async Task WrongSecret_IsATokenRequestException_WithTheServersError()
    {
        var client = Client(o => { server.Basic(o); o.ClientSecret = "not-the-secret-0123456789"; });
        var calls = api.Tokens.Count;
        var e = await Assert.ThrowsAsync<TokenRequestException>(() => client.GetAsync("/orders"));
        Assert.Equal("invalid_client", e.Error);
        Assert.Equal(401, e.StatusCode);
        Assert.Equal(calls, api.Tokens.Count);   // the API was never called without a token
    }

    [Fact]
    public async Task UngrantedScope_IsInvalidScope()
    {
        var client = Client(o => { server.Basic(o); o.Scope = server.UngrantedScope; });
        var e = await Assert.ThrowsAsync<TokenRequestException>(() => client.GetAsync("/orders"));
        Assert.Equal("invalid_scope", e.Error);
        Assert.Equal(400, e.StatusCode);
        Assert.False(string.IsNullOrEmpty(e.ErrorDescription));
    }

    [Theory]
    [InlineData(ClientAuthenticationMethod.ClientSecretBasic)]
    [InlineData(ClientAuthenticationMethod.ClientSecretPost)]
    [InlineData(ClientAuthenticationMethod.PrivateKeyJwt)]
    public async Task Authority_Only_DiscoversTheTokenEndpoint(ClientAuthenticationMethod method)
    {
        var client = Client(o =>
        {
            server.Basic(o);
            o.TokenEndpoint = null;
            o.Authority = new Uri(server.Issuer);
            o.AuthenticationMethod = method;
            switch (method)
            {
                case ClientAuthenticationMethod.ClientSecretPost:
                    o.ClientId = server.PostClientId;
                    o.ClientSecret = server.SecretOf(server.PostClientId);
                    break;
                case ClientAuthenticationMethod.PrivateKeyJwt:
                    o.ClientId = server.JwtClientId;
                    o.ClientSecret = null;
                    o.SigningKey = server.JwtKey;
                    o.SigningKeyId = AuthServer.JwtKeyId;
                    break;
            }
        });
        for (var i = 0; i < 3; i++) await CallAsync(client);
        Assert.Equal(1, TokenRequests);
        Assert.Equal(1, _backchannel.Discoveries);
    }

    [Fact]
    public async Task Authority_Unreachable_IsDiscoveryFailed()
    {
        var client = Client(o => { server.Basic(o); o.TokenEndpoint = null; o.Authority = new Uri("http://127.0.0.1:1"); });
        var e = await Assert.ThrowsAsync<TokenRequestException>(() => client.GetAsync("/orders"));
        Assert.Equal(TokenRequestException.DiscoveryFailed, e.Error);
        Assert.Null(e.StatusCode);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition(), "condition not met within 5 s");
    }
}
