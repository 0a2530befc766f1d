using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Introspection;
using Tollgate.Authorizer.Jwks;
using Tollgate.Authorizer.Routing;

namespace Tollgate.Authorizer.Configuration;

/// <summary>
/// A ready authorizer as <see cref="AuthorizerBuilder"/> builds it: the decision engine plus the
/// handles a host needs — swap the rules, warm the key caches up, read cache counters.
/// </summary>
public sealed class TollgateAuthorizer : IAuthorizer
{
    private readonly IAuthorizer _engine;

    internal TollgateAuthorizer(IAuthorizer engine, IRouteTableSource routes, IReadOnlyList<JwksCache> keyCaches, IntrospectionValidator? introspection)
    {
        _engine = engine;
        Routes = routes;
        KeyCaches = keyCaches;
        Introspection = introspection;
    }

    public IRouteTableSource Routes { get; }
    public IReadOnlyList<JwksCache> KeyCaches { get; }
    public IntrospectionValidator? Introspection { get; }

    public ValueTask<Decision> DecideAsync(AuthorizationRequest request, CancellationToken cancellationToken = default)
        => _engine.DecideAsync(request, cancellationToken);

    /// <summary>Fetches every issuer's keys now (e.g. during a Lambda's init phase) instead of on the first request.</summary>
    /// <returns>Whether every issuer's keys are available.</returns>
    public async Task<bool> WarmUpAsync(CancellationToken cancellationToken = default)
    {
        var keys = await Task.WhenAll(KeyCaches.Select(c => c.RefreshAsync().WaitAsync(cancellationToken)));
        return keys.All(k => k is not null);
    }

    /// <summary>Swaps in a new rule set atomically; the current one stays if the new one is invalid.</summary>
    /// <exception cref="RouteRulesException">The new rules are invalid.</exception>
    /// <exception cref="InvalidOperationException">The routes come from a source this authorizer does not own.</exception>
    public void ReplaceRules(RouteRuleSet rules)
    {
        if (Routes is not RouteTableSource own) throw new InvalidOperationException("routes come from an external source; replace them there");
        own.Replace(rules);
    }
}
