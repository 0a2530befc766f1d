using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Apis;
using Tollgate.Core.Clients;
using Tollgate.Core.Grants;
using Tollgate.Core.OAuth;
using Tollgate.Core.TokenEndpoint;

namespace Tollgate.Core.Tests.TokenEndpoint;

/// <summary>The grant steps that choose and bind: which API a request is for, and whether its token must be DPoP- or certificate-bound.</summary>
public sealed class GrantStepsSelectionTests
{
    private const string Orders = "https://orders.example", Billing = "https://billing.example", Unknown = "https://nobody.example";

    private static GrantSteps Steps(params string[] grantedAudiences)
    {
        var catalog = new Catalog.Catalog();
        catalog.Update(s => s.WithApi(new Api { Id = "o", Identifier = Orders }).WithApi(new Api { Id = "b", Identifier = Billing }).WithApi(new Api { Id = "u", Identifier = "https://ungranted.example" }));
        foreach (var audience in grantedAudiences)
            catalog.Update(s => s.WithGrant(new Grant { Id = "g-" + audience, ClientId = "c", Audience = audience, Scope = ["read"] }));
        return new GrantSteps(catalog, [], new Issuer(), new FakeTimeProvider(), NullLogger<GrantSteps>.Instance);
    }

    private static readonly Client TheClient = new() { ClientId = "c" };

    [Theory]
    // granted, audience, resource → the API chosen, or the error
    [InlineData(new[] { Orders }, null, null, Orders, null)]
    [InlineData(new[] { Orders }, Orders, null, Orders, null)]
    [InlineData(new[] { Orders }, null, Orders, Orders, null)]
    [InlineData(new[] { Orders }, Orders, Orders, Orders, null)]
    [InlineData(new[] { Orders, Billing }, Billing, null, Billing, null)]
    [InlineData(new[] { Orders, Billing }, null, null, null, "invalid_request")]
    [InlineData(new string[0], null, null, null, "invalid_request")]
    [InlineData(new[] { Orders }, Orders, Billing, null, "invalid_request")]
    [InlineData(new[] { Orders }, null, "not-a-uri", null, "invalid_target")]
    [InlineData(new[] { Orders }, Unknown, null, null, "invalid_target")]
    [InlineData(new[] { Orders }, "https://ungranted.example", null, null, "access_denied")]
    public void SelectApi_AudienceResourceAndGrants_ChooseTheApiOrRefuse(string[] granted, string? audience, string? resource, string? api, string? error)
    {
        var result = Steps(granted).SelectApi(TheClient, audience, resource);
        Assert.Equal(error, result.Error?.Error);
        Assert.Equal(api, result.Error is null ? result.Value.Item1.Identifier : null);
        if (api is not null) Assert.Equal(api, result.Value.Item2.Audience);
    }

    [Theory]
    // client requires DPoP, API requires DPoP, proof sent → refused?
    [InlineData(false, false, false, false)]
    [InlineData(true, false, false, true)]
    [InlineData(false, true, false, true)]
    [InlineData(true, true, true, false)]
    [InlineData(false, true, true, false)]
    public void RequireDpopProof_ClientOrApiRequiresIt_RefusesABearerRequest(bool clientBound, bool apiRequires, bool proof, bool refused)
    {
        var error = GrantSteps.RequireDpopProof(new Client { ClientId = "c", DpopBoundAccessTokens = clientBound },
            new Api { Id = "a", Identifier = Orders, RequireDpop = apiRequires }, proof ? "jkt" : null);
        Assert.Equal(refused ? "invalid_dpop_proof" : null, error?.Error);
        if (refused) Assert.Equal(400, error!.Status);
    }

    [Theory]
    // client bound to its certificate, thumbprint on the connection → the binding, or the error
    [InlineData(false, null, null, null)]
    [InlineData(false, "thumb", null, null)]
    [InlineData(true, "thumb", "thumb", null)]
    [InlineData(true, null, null, "invalid_request")]
    public void CertificateBinding_OnlyForCertificateBoundClients(bool bound, string? thumbprint, string? binding, string? error)
    {
        var result = GrantSteps.CertificateBinding(new Client { ClientId = "c", TlsClientCertificateBoundAccessTokens = bound }, thumbprint);
        Assert.Equal(error, result.Error?.Error);
        if (error is null) Assert.Equal(binding, result.Value);
    }

    private sealed class Issuer : IIssuer
    {
        public string Value => "https://tollgate.example";
    }
}
