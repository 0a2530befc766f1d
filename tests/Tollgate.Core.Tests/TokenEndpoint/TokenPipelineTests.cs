using Tollgate.Core.Clients;
using Tollgate.Core.OAuth;
using Tollgate.Core.TokenEndpoint;

namespace Tollgate.Core.Tests.TokenEndpoint;

public sealed class TokenPipelineTests
{
    private static readonly Dictionary<string, IGrantHandler> Handlers = new() { [GrantTypeNames.ClientCredentials] = new StubGrant(GrantTypeNames.ClientCredentials) };

    [Theory]
    [InlineData(null, "invalid_request")]
    [InlineData("", "invalid_request")]
    [InlineData("password", "unsupported_grant_type")]
    [InlineData("CLIENT_CREDENTIALS", "unsupported_grant_type")]
    public void ChooseGrant_NoHandlerForIt_IsRefused(string? grantType, string error)
        => Assert.Equal(error, TokenPipeline.ChooseGrant(Handlers, grantType).Error!.Error);

    [Fact]
    public void ChooseGrant_RegisteredGrantType_IsItsHandler()
        => Assert.Same(Handlers[GrantTypeNames.ClientCredentials], TokenPipeline.ChooseGrant(Handlers, "client_credentials").Value);

    [Fact]
    public void SupportedBy_Handlers_IsEachGrantTypeOnceInOrdinalOrder()
        => Assert.Equal(["client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange"],
            TokenPipeline.SupportedBy([new StubGrant("urn:ietf:params:oauth:grant-type:token-exchange"), new StubGrant("client_credentials"), new StubGrant("client_credentials")]));

    [Theory]
    [InlineData(new[] { "client_credentials" }, "The grant type 'password' is not supported; use 'client_credentials'.")]
    [InlineData(new[] { "client_credentials", "urn:x" }, "The grant type 'password' is not supported; use 'client_credentials' or 'urn:x'.")]
    public void ChooseGrant_UnsupportedGrantType_NamesTheRegisteredGrants(string[] registered, string description)
    {
        var handlers = registered.ToDictionary(g => g, g => (IGrantHandler)new StubGrant(g));
        Assert.Equal(description, TokenPipeline.ChooseGrant(handlers, "password").Error!.Description);
    }

    [Fact]
    public void CheckClientMayUseGrant_GrantTypeNotRegisteredForTheClient_IsUnauthorizedClient()
    {
        var client = new Client { ClientId = "c", GrantTypes = [GrantTypeNames.ClientCredentials] };

        Assert.Null(TokenPipeline.CheckClientMayUseGrant(client, GrantTypeNames.ClientCredentials));
        Assert.Equal("unauthorized_client", TokenPipeline.CheckClientMayUseGrant(client, "urn:ietf:params:oauth:grant-type:token-exchange")!.Error);
    }

    private sealed class StubGrant(string grantType) : IGrantHandler
    {
        public string GrantType => grantType;
        public ValueTask<OAuthResult<TokenResponse>> HandleAsync(TokenRequest request, Client client, CancellationToken cancellationToken)
            => throw new NotSupportedException();
    }
}
