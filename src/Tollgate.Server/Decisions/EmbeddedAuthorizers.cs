using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.TokenHandler;
using Tollgate.Core.OAuth;
using Tollgate.Server.Routes;

namespace Tollgate.Server.Decisions;

/// <summary>
/// Inside <c>tollgate serve</c>: one decision engine per API, trusting this server as issuer (keys
/// and introspection in-process), its route rules from the catalog (a changed rule set is swapped
/// in on the next decision), the catalog's policies (compiled once per change), and the server's revocation list.
/// </summary>
public sealed class EmbeddedAuthorizers(
    Core.Catalog.Catalog catalog,
    IIssuer issuer,
    InProcessAuthority authority,
    ServerRevocationCheck revocations,
    Policies.ServerPolicies policies,
    TimeProvider time,
    ILoggerFactory loggers,
    string? defaultAudience,
    TokenHandlerOptions? tokenHandler = null,
    string? clientCertificateHeader = null) : IDecisionAuthorizers
{
    private readonly ConcurrentDictionary<string, Engine> _engines = new(StringComparer.Ordinal);

    private sealed record Engine(TollgateAuthorizer Authorizer, string? AppliedRoutes, bool AppliedRequireDpop);

    public string? DefaultAudience => defaultAudience;

    public TokenHandlerOptions? TokenHandler => tokenHandler;

    public string? ClientCertificateHeader => clientCertificateHeader;

    public IAuthorizer? For(string audience)
    {
        if (catalog.Current.FindApi(audience) is not { } api) return null;
        var engine = _engines.GetOrAdd(audience, _ => Build(api));
        if (!ReferenceEquals(engine.AppliedRoutes, api.Routes) || engine.AppliedRequireDpop != api.RequireDpop)
        {
            engine.Authorizer.ReplaceRules(RouteDocuments.Parse(api));
            _engines[audience] = engine = engine with { AppliedRoutes = api.Routes, AppliedRequireDpop = api.RequireDpop };
        }
        return engine.Authorizer;
    }

    private Engine Build(Core.Apis.Api api)
    {
        // The URLs are placeholders the options' validation wants (without a JwksUri, an issuer such as
        // http://tollgate:8080 would have to be https); the builder is given the parts they would name.
        var options = new AuthorizerOptions
        {
            Issuers = [new IssuerOptions { Issuer = issuer.Value, JwksUri = InProcessAuthority.JwksUrl, Audiences = [api.Identifier] }],
            Introspection = new IntrospectionOptions
            {
                Url = InProcessAuthority.IntrospectionUrl, ClientId = InProcessAuthority.InProcessClientId, ClientSecret = "in-process",
                Audiences = [api.Identifier],
            },
            TokenHandler = tokenHandler,
            ValidTypes = ["at+jwt"],
            // Issuer and validator share one clock: no skew, so a JWT expires exactly when an opaque token would.
            ClockSkew = TimeSpan.Zero,
        };
        // The server itself answers in-process: no HttpClient, nothing fetched, nothing serialized.
        var authorizer = new AuthorizerBuilder(options).WithKeySource(issuer.Value, authority.Keys).WithIntrospection(authority)
            .WithTimeProvider(time).WithLoggerFactory(loggers)
            .WithRevocationCheck(revocations).WithRules(RouteDocuments.Parse(api)).WithPolicies(policies).Build();
        return new Engine(authorizer, api.Routes, api.RequireDpop);
    }
}
