using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Introspection;
using Tollgate.Core.OAuth;
using Tollgate.Core.Revocation;
using Tollgate.Core.TokenEndpoint;
using Tollgate.Core.Tokens;
using Tollgate.Server.Hosting;

namespace Tollgate.Server.OAuth;

/// <summary>
/// The OAuth endpoints' services: client authentication (secrets, <c>private_key_jwt</c>, mTLS),
/// the token formats, quotas, the grant pipeline (one <see cref="IGrantHandler"/> per
/// <c>grant_type</c>), DPoP, introspection and revocation.
/// </summary>
public static class OAuthSetup
{
    public static WebApplicationBuilder AddTollgateOAuth(this WebApplicationBuilder builder, TollgateOptions options, IReadOnlyList<string> systemSecrets)
    {
        var services = builder.Services;
        services.AddSingleton(sp => new OpaqueTokenSealer(systemSecrets, sp.GetRequiredService<TimeProvider>()));
        services.AddOutgoingHttp(OutgoingHttp.ClientKeys, timeout: TimeSpan.FromSeconds(5));
        services.AddSingleton(sp => new ClientKeys(sp.GetRequiredService<IHttpClientFactory>().CreateClient(OutgoingHttp.ClientKeys), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ClientAssertionValidator>();
        services.AddSingleton<ClientAuthenticator>();
        builder.AddTollgateMtls(options.Mtls);
        services.AddSingleton<IAccessTokenFormat, JwtAccessTokenFormat>();
        services.AddSingleton<IAccessTokenFormat, OpaqueAccessTokenFormat>();
        services.AddTollgateQuotas(options.Quotas);
        // The token endpoint: one handler per grant_type (Core/TokenEndpoint), sharing GrantSteps.
        services.AddSingleton<GrantSteps>();
        services.AddSingleton<IGrantHandler, ClientCredentialsGrant>();
        services.AddSingleton<TokenPipeline>();
        services.AddSingleton(sp => DpopStep.CreateValidator(options.Dpop, systemSecrets[0], sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<TokenInspector>();
        services.AddSingleton<TokenRevoker>();
        return builder;
    }
}
