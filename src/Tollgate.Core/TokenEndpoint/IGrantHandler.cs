using Tollgate.Core.Clients;
using Tollgate.Core.OAuth;

namespace Tollgate.Core.TokenEndpoint;

/// <summary>
/// One grant type of the token endpoint (RFC 6749 §4, and extension grants such as RFC 8693 token
/// exchange or RFC 7523 JWT bearer), chosen by <c>grant_type</c> in <see cref="TokenPipeline"/>.
/// The pipeline has already authenticated the client and checked that it may use this grant; the
/// handler reads what its grant adds to the request and issues through <see cref="GrantSteps"/>.
/// </summary>
public interface IGrantHandler
{
    /// <summary>The <c>grant_type</c> value, as registered in <see cref="Client.GrantTypes"/>.</summary>
    string GrantType { get; }

    ValueTask<OAuthResult<TokenResponse>> HandleAsync(TokenRequest request, Client client, CancellationToken cancellationToken);
}
