using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Client.Tests.Infrastructure;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Client.Tests.Dpop;

/// <summary>DPoP against npm oidc-provider: its binding of the token, and (feature off) its bearer answer to a proof.</summary>
public sealed class DpopOidcProviderTests(OidcProviderAuthServer server) : IClassFixture<OidcProviderAuthServer>
{
    [Fact]
    public async Task OidcProvider_BindsTheToken_AndTheResourceAcceptsEachProof()
    {
        await using var resource = new DpopResourceApi(TimeProvider.System);
        await resource.StartAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHttpClient("api", c => c.BaseAddress = resource.BaseAddress).AddClientCredentialsToken(o => { server.Basic(o); o.UseDpop(); });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("api");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/orders/1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/orders", new StringContent("{}"))).StatusCode);

        var token = await provider.GetRequiredService<IClientCredentialsTokenSource>().GetTokenAsync("api");
        Assert.Equal("DPoP", token.TokenType);
        var thumbprint = resource.Accepted.Select(c => c.Thumbprint).Distinct().Single();
        Assert.Equal(thumbprint, DpopResourceApi.Jkt(token.Value));
        Assert.Equal(2, resource.Accepted.Count());
    }
}

/// <summary>A server that ignores DPoP answers <c>token_type: Bearer</c>: the token is then sent as a bearer token, and that is logged.</summary>
public sealed class DpopBearerFallbackTests(OidcProviderWithoutDpop server, TestApi api) : IClassFixture<OidcProviderWithoutDpop>, IClassFixture<TestApi>
{
    [Fact]
    public async Task BearerAnswer_ToAProof_IsUsedAsBearer_WithoutProofs_AndLogged()
    {
        var logs = new CapturedLogs();
        var backchannel = new RequestLog();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs));
        services.AddHttpClient(ClientCredentialsDefaults.BackchannelClientName).AddHttpMessageHandler(() => new CountingHandler(backchannel));
        services.AddHttpClient("api", c => c.BaseAddress = api.BaseAddress).AddClientCredentialsToken(o => { server.Basic(o); o.UseDpop(); });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("api");
        var before = api.Tokens.Count;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/orders")).StatusCode);

        Assert.Single(backchannel.DpopProofs);   // the token request did carry a proof
        Assert.NotNull(api.Tokens.Skip(before).Single());   // the API saw "Bearer <token>"
        Assert.Null(api.DpopHeaders.Skip(before).Single());
        Assert.Equal("Bearer", (await provider.GetRequiredService<IClientCredentialsTokenSource>().GetTokenAsync("api")).TokenType);
        Assert.Contains(logs.Entries, e => e.Contains("answered token_type Bearer to a token request with a DPoP proof", StringComparison.Ordinal));
    }
}
