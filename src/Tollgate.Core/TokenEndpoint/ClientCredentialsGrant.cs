using Tollgate.Core.Clients;
using Tollgate.Core.OAuth;

namespace Tollgate.Core.TokenEndpoint;

/// <summary>
/// The client-credentials grant (RFC 6749 §4.4): a token for the client itself, for the API it
/// names (or its only one), with the scopes it asks for out of those granted. Every step is a
/// shared one (<see cref="GrantSteps"/>); issued tokens may be reused (<see cref="Quotas.TokenReuse"/>).
/// </summary>
public sealed class ClientCredentialsGrant(GrantSteps steps) : IGrantHandler
{
    public string GrantType => GrantTypeNames.ClientCredentials;

    public async ValueTask<OAuthResult<TokenResponse>> HandleAsync(TokenRequest request, Client client, CancellationToken cancellationToken)
    {
        var selected = steps.SelectApi(client, request.Audience, request.Resource);
        if (selected.Error is { } apiError) return apiError;
        var (api, grant) = selected.Value;
        if (GrantSteps.RequireDpopProof(client, api, request.DpopJkt) is { } dpopError) return dpopError;
        var certificate = GrantSteps.CertificateBinding(client, request.CertificateThumbprint);
        if (certificate.Error is { } certificateError) return certificateError;

        var scopes = GrantSteps.NarrowScopes(grant, request.Scope);
        if (scopes.Error is { } scopeError) return scopeError;

        return await steps.IssueAsync(new TokenPlan(client, api, scopes.Value!, request.DpopJkt, certificate.Value), reusable: true, cancellationToken);
    }
}
