using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Clients;
using Tollgate.Core.OAuth;
using Tollgate.Core.TokenEndpoint;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Discovery;

/// <summary>The registered grant handlers are the one list of supported grants: discovery, the token endpoint's refusal and the admin API follow it.</summary>
public sealed class GrantTypesDiscoveryTests(GrantTypesDiscoveryTests.HostWithExtraGrant host) : IClassFixture<GrantTypesDiscoveryTests.HostWithExtraGrant>
{
    public const string ExtraGrant = "urn:ietf:params:oauth:grant-type:token-exchange";

    [Fact]
    public async Task Metadata_ExtraGrantHandlerRegistered_IsAdvertised()
    {
        var metadata = JsonNode.Parse(await host.Http.GetStringAsync("/.well-known/oauth-authorization-server"))!.AsObject();
        Assert.Equal([GrantTypeNames.ClientCredentials, ExtraGrant], metadata["grant_types_supported"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task TokenRequest_UnknownGrantType_NamesEveryRegisteredGrant()
    {
        var client = await host.CreateClientAsync();
        var response = await host.Http.SendAsync(TollgateHost.TokenRequest(client.Id, client.Secret, new() { ["grant_type"] = "password" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("unsupported_grant_type", body.Str("error"));
        Assert.Equal($"The grant type 'password' is not supported; use 'client_credentials' or '{ExtraGrant}'.", body.Str("error_description"));
    }

    [Fact]
    public async Task ClientAdmin_ExtraGrantRegistered_MayBeGivenToAClient()
    {
        var client = await host.CreateClientAsync();
        var response = await host.AdminAsync(HttpMethod.Patch, $"/admin/clients/{client.Id}", new { grant_types = new[] { GrantTypeNames.ClientCredentials, ExtraGrant } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refused = await host.AdminAsync(HttpMethod.Patch, $"/admin/clients/{client.Id}", new { grant_types = new[] { "password" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(ExtraGrant, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public sealed class HostWithExtraGrant() : TollgateHost(null)
    {
        protected override bool UseKestrel => false;
        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IGrantHandler, FakeGrant>();
    }

    private sealed class FakeGrant : IGrantHandler
    {
        public string GrantType => ExtraGrant;
        public ValueTask<OAuthResult<TokenResponse>> HandleAsync(TokenRequest request, Client client, CancellationToken cancellationToken)
            => ValueTask.FromResult<OAuthResult<TokenResponse>>(OAuthError.InvalidRequest("fake"));
    }
}
