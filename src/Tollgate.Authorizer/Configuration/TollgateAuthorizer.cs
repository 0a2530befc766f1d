using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Introspection;
using Tollgate.Authorizer.Jwks;
using Tollgate.Authorizer.Policies;
using Tollgate.Authorizer.Revocation;
using Tollgate.Authorizer.Routing;

namespace Tollgate.Authorizer.Configuration;

/// <summary>
/// A ready authorizer as <see cref="AuthorizerBuilder"/> builds it: the decision engine plus the
/// handles a host needs — swap the rules, warm the key caches and the revocation list up, read
/// cache counters. Dispose it to stop the revocation feed's polling.
/// </summary>
public sealed class TollgateAuthorizer : IAuthorizer, IAsyncDisposable
{
    private readonly IAuthorizer _engine;

    internal TollgateAuthorizer(IAuthorizer engine, IRouteTableSource routes, IReadOnlyList<JwksCache> keyCaches, IntrospectionValidator? introspection, RevocationFeed? revocations)
    {
        Revocations = revocations;
        _engine = engine;
        Routes = routes;
        KeyCaches = keyCaches;
        Introspection = introspection;
    }

    public IRouteTableSource Routes { get; }
    /// <summary>The policies policy-governed rules are decided by.</summary>
    public IPolicySetSource Policies { get; internal init; } = new PolicySetSource(PolicySet.Empty);
    /// <summary>The policies feed built from <see cref="AuthorizerOptions.PolicyFeed"/> (owned: disposed with this).</summary>
    public PolicyFeed? PolicyFeed { get; internal init; }
    public IReadOnlyList<JwksCache> KeyCaches { get; }
    public IntrospectionValidator? Introspection { get; }
    /// <summary>The revocation feed built from <see cref="AuthorizerOptions.RevocationFeed"/> (owned: disposed with this).</summary>
    public RevocationFeed? Revocations { get; }

    /// <summary>
    /// Decides. With <see cref="RevocationFeedOptions.CatchUpWait"/> set and a revocation list older
    /// than its interval (the process was frozen, as Lambda does between invocations), the list is
    /// brought up to date first, so a revocation made meanwhile is applied before an allow.
    /// </summary>
    public ValueTask<Decision> DecideAsync(AuthorizationRequest request, CancellationToken cancellationToken = default)
        => Revocations is { } feed && feed.IsBehind()
            ? CatchUpThenDecideAsync(feed, request, cancellationToken)
            : _engine.DecideAsync(request, cancellationToken);

    private async ValueTask<Decision> CatchUpThenDecideAsync(RevocationFeed feed, AuthorizationRequest request, CancellationToken cancellationToken)
    {
        await feed.CatchUpAsync(cancellationToken);
        return await _engine.DecideAsync(request, cancellationToken);
    }

    /// <summary>
    /// Fetches every issuer's keys and syncs the revocation list now (e.g. during a Lambda's init
    /// phase) instead of on the first request. Until the list's first sync every decision is
    /// refused with <c>revocation_list_stale</c>, so a host should await this before taking traffic.
    /// </summary>
    /// <returns>Whether every issuer's keys are available and the revocation list (if any) is synced.</returns>
    public async Task<bool> WarmUpAsync(CancellationToken cancellationToken = default)
    {
        var synced = Revocations?.PullAsync(cancellationToken) ?? Task.FromResult(true);
        var policies = PolicyFeed?.PullAsync(cancellationToken) ?? Task.FromResult(true);
        var keys = await Task.WhenAll(KeyCaches.Select(c => c.RefreshAsync().WaitAsync(cancellationToken)));
        return keys.All(k => k is not null) && await synced && await policies;
    }

    /// <summary>Stops the revocation and policy feeds' polling.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Revocations is { } revocations) await revocations.DisposeAsync();
        if (PolicyFeed is { } policies) await policies.DisposeAsync();
    }

    /// <summary>Swaps in a new, already compiled, policy set atomically.</summary>
    /// <exception cref="InvalidOperationException">The policies come from a source this authorizer does not own.</exception>
    public void ReplacePolicies(PolicySet policies)
    {
        if (Policies is not PolicySetSource own) throw new InvalidOperationException("policies come from an external source; replace them there");
        own.Replace(policies);
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
