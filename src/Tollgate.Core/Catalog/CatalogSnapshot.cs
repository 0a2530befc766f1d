using System.Collections.Immutable;
using Tollgate.Core.Apis;
using Tollgate.Core.Clients;
using Tollgate.Core.Grants;
using Tollgate.Core.Policies;

namespace Tollgate.Core.Catalog;

/// <summary>
/// An immutable view of clients, APIs, grants and policies. The token endpoint reads only this, never the
/// database; a change produces a new snapshot that replaces the old one whole.
/// </summary>
public sealed record CatalogSnapshot
{
    public static readonly CatalogSnapshot Empty = new();

    public ImmutableDictionary<string, Client> Clients { get; init; } = ImmutableDictionary<string, Client>.Empty.WithComparers(StringComparer.Ordinal);
    public ImmutableDictionary<string, Api> ApisByIdentifier { get; init; } = ImmutableDictionary<string, Api>.Empty.WithComparers(StringComparer.Ordinal);
    /// <summary>Client id → audience → grant.</summary>
    public ImmutableDictionary<string, ImmutableDictionary<string, Grant>> GrantsByClient { get; init; }
        = ImmutableDictionary<string, ImmutableDictionary<string, Grant>>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Policy id → policy. A new dictionary whenever one changes: what the compiled policy set is cached against.</summary>
    public ImmutableSortedDictionary<string, AccessPolicy> Policies { get; init; } = ImmutableSortedDictionary<string, AccessPolicy>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>The longest lifetime a token issued now can have: how long revocations and retired keys must be kept.</summary>
    public TimeSpan LongestTokenLifetime
        => TimeSpan.FromSeconds(ApisByIdentifier.Values.Select(a => a.AccessTokenLifetime).DefaultIfEmpty(Api.DefaultAccessTokenLifetime).Max());

    public Client? FindClient(string clientId) => Clients.GetValueOrDefault(clientId);
    public Api? FindApi(string identifier) => ApisByIdentifier.GetValueOrDefault(identifier);

    public ImmutableDictionary<string, Grant> GrantsOf(string clientId)
        => GrantsByClient.GetValueOrDefault(clientId) ?? ImmutableDictionary<string, Grant>.Empty;

    public CatalogSnapshot WithClient(Client client) => this with { Clients = Clients.SetItem(client.ClientId, client) };

    public CatalogSnapshot WithoutClient(string clientId)
        => this with { Clients = Clients.Remove(clientId), GrantsByClient = GrantsByClient.Remove(clientId) };

    public CatalogSnapshot WithApi(Api api, string? previousIdentifier = null)
    {
        var apis = previousIdentifier is null ? ApisByIdentifier : ApisByIdentifier.Remove(previousIdentifier);
        return this with { ApisByIdentifier = apis.SetItem(api.Identifier, api) };
    }

    public CatalogSnapshot WithoutApi(string identifier)
    {
        var grants = GrantsByClient;
        foreach (var (clientId, byAudience) in GrantsByClient)
            if (byAudience.ContainsKey(identifier))
                grants = grants.SetItem(clientId, byAudience.Remove(identifier));
        return this with { ApisByIdentifier = ApisByIdentifier.Remove(identifier), GrantsByClient = grants };
    }

    public CatalogSnapshot WithGrant(Grant grant)
    {
        var byAudience = GrantsOf(grant.ClientId).WithComparers(StringComparer.Ordinal).SetItem(grant.Audience, grant);
        return this with { GrantsByClient = GrantsByClient.SetItem(grant.ClientId, byAudience) };
    }

    public CatalogSnapshot WithoutGrant(Grant grant)
    {
        var byAudience = GrantsOf(grant.ClientId).Remove(grant.Audience);
        return this with
        {
            GrantsByClient = byAudience.IsEmpty ? GrantsByClient.Remove(grant.ClientId) : GrantsByClient.SetItem(grant.ClientId, byAudience),
        };
    }

    public CatalogSnapshot WithPolicy(AccessPolicy policy) => this with { Policies = Policies.SetItem(policy.Id, policy) };

    public CatalogSnapshot WithoutPolicy(string id) => this with { Policies = Policies.Remove(id) };
}
