using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Server.Decisions;
using Tollgate.Server.Hosting;

namespace Tollgate.Server.Gateway;

/// <summary>The one decision engine of a standalone gateway: keys by discovery, introspection, rules and policies from the server.</summary>
public sealed class RemoteAuthorizers : IDecisionAuthorizers
{
    public RemoteAuthorizers(GatewayOptions options, IHttpClientFactory httpClients, TimeProvider time, ILoggerFactory loggers)
    {
        var server = options.Server!.TrimEnd('/');
        DefaultAudience = options.Audience!;
        ClientCertificateHeader = string.IsNullOrEmpty(options.ClientCertificateHeader) ? null : options.ClientCertificateHeader;
        Authorizer = new AuthorizerBuilder(new AuthorizerOptions
        {
            // Reached at another address than its issuer: discovery would name the issuer's URLs, so the keys come from Server.
            Issuers = [options.Issuer is { } issuer
                ? new IssuerOptions { Issuer = issuer, JwksUri = $"{server}/.well-known/jwks.json", Audiences = [options.Audience!] }
                : new IssuerOptions { Issuer = server, Audiences = [options.Audience!] }],
            Introspection = new IntrospectionOptions
            {
                Url = $"{server}/oauth2/introspect", ClientId = options.ClientId!, ClientSecret = options.ClientSecret!, Audiences = [options.Audience!],
            },
            // Revocations reach this gateway within one interval; past FailClosedAfter without a sync it refuses everything.
            RevocationFeed = new RevocationFeedOptions
            {
                Url = $"{server}/revocations", ClientId = options.ClientId!, ClientSecret = options.ClientSecret!,
                Interval = options.RevocationRefreshInterval,
            },
            // Policies for policy-governed rules: pulled like the rules; until the first pull they allow nothing.
            PolicyFeed = new PolicyFeedOptions
            {
                Url = $"{server}/policies", ClientId = options.ClientId!, ClientSecret = options.ClientSecret!, Interval = options.RulesRefreshInterval,
            },
        }).WithHttpClient(httpClients.CreateClient(OutgoingHttp.Gateway)).WithTimeProvider(time).WithLoggerFactory(loggers).Build();
    }

    public TollgateAuthorizer Authorizer { get; }

    public string? DefaultAudience { get; }

    public string? ClientCertificateHeader { get; }

    public IAuthorizer? For(string audience) => audience == DefaultAudience ? Authorizer : null;
}
