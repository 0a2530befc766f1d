using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Routing;
using Tollgate.Core.Apis;
using Tollgate.Core.Clients;
using Tollgate.Core.Grants;
using Tollgate.Server.Routes;

namespace Tollgate.Server.Console;

/// <summary>A route a client may not call, and why, in the authorizer's words.</summary>
public sealed record RefusedRoute(string Method, string Path, string Reason);

/// <summary>What one client may call on one API: the engine's own permission computation over the API's route rules and the grant's scopes.</summary>
public sealed record ApiPermissions(Api Api, Grant? Grant, IReadOnlyList<AllowedRoute> Allowed, IReadOnlyList<RefusedRoute> Refused);

/// <summary>
/// The console's read side, from the in-memory catalog every node keeps current (never the database):
/// client search and paging, and permissions derived with the authorizer's <see cref="RouteTable"/>
/// and <see cref="RouteRule.IsSatisfiedBy"/> — nothing re-implemented.
/// </summary>
public sealed class ConsoleQueries(Core.Catalog.Catalog catalog)
{
    public const int PageSize = 50;

    public (IReadOnlyList<Client> Items, int Total) SearchClients(string? query, int page)
    {
        IEnumerable<Client> clients = catalog.Current.Clients.Values;
        if (!string.IsNullOrWhiteSpace(query))
        {
            var q = query.Trim();
            clients = clients.Where(c => c.ClientId.Contains(q, StringComparison.OrdinalIgnoreCase) || (c.ClientName?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false));
        }
        var matching = clients.ToList();
        var items = matching.OrderBy(c => c.ClientId, StringComparer.Ordinal).Skip(Math.Max(0, page - 1) * PageSize).Take(PageSize).ToList();
        return (items, matching.Count);
    }

    public IReadOnlyList<Api> Apis() => [.. catalog.Current.ApisByIdentifier.Values.OrderBy(a => a.Identifier, StringComparer.Ordinal)];

    public IReadOnlyList<Grant> GrantsOf(string clientId) => [.. catalog.Current.GrantsOf(clientId).Values.OrderBy(g => g.Audience, StringComparer.Ordinal)];

    public IReadOnlyList<Grant> GrantsFor(string audience)
        => [.. catalog.Current.GrantsByClient.Values.Select(g => g.GetValueOrDefault(audience)).OfType<Grant>().OrderBy(g => g.ClientId, StringComparer.Ordinal)];

    /// <summary>The API's compiled rules, as its embedded decision engine compiles them.</summary>
    public static RouteTable TableOf(Api api) => RouteTable.Compile(RouteDocuments.Parse(api));

    /// <summary>Per API the client is granted: what it may call. Without a grant it gets no token for an API, so every call there is 401.</summary>
    public IReadOnlyList<ApiPermissions> PermissionsOf(string clientId)
    {
        var grants = catalog.Current.GrantsOf(clientId);
        return [.. Apis().Where(a => grants.ContainsKey(a.Identifier)).Select(api => PermissionsOf(api, grants[api.Identifier]))];
    }

    public static ApiPermissions PermissionsOf(Api api, Grant? grant)
    {
        var table = TableOf(api);
        if (grant is null)
            return new ApiPermissions(api, null, [], [.. table.Rules.Select(r => new RefusedRoute(r.Method, r.Path,
                r.Access == RuleAccess.Anonymous ? "anonymous: allowed without a token" : "no grant: the token endpoint refuses a token for this API (access_denied)"))]);

        IReadOnlyList<string> scopes = [.. grant.Scope.Order(StringComparer.Ordinal)];
        var permissions = table.PermissionsFor(string.Join(' ', scopes), scopes);
        var allowed = permissions.Allowed.ToHashSet();
        var inside = permissions.Denied.ToHashSet();
        var refused = new List<RefusedRoute>();
        foreach (var rule in table.Rules)
        {
            var route = new AllowedRoute(rule.Method, rule.Path);
            if (allowed.Contains(route)) continue;
            var reason = rule.Access switch
            {
                RuleAccess.Deny => ReasonCodes.RuleDenies,
                _ when rule.IsPolicyGoverned && rule.IsSatisfiedBy(scopes) => $"decided by the policies per resource ({rule.Resource})",
                _ => $"{ReasonCodes.InsufficientScope}: needs {Needs(rule)}",
            };
            refused.Add(new RefusedRoute(rule.Method, rule.Path, inside.Contains(route) ? reason + "; more specific than a route it may call" : reason));
        }
        return new ApiPermissions(api, grant, permissions.Allowed, refused);
    }

    private static string Needs(RouteRule rule)
    {
        var parts = new List<string>();
        if (rule.AllOf.Count > 0) parts.Add("all of " + string.Join(' ', rule.AllOf));
        if (rule.AnyOf.Count > 0) parts.Add("one of " + string.Join(' ', rule.AnyOf));
        return parts.Count == 0 ? "(nothing)" : string.Join(" and ", parts);
    }
}
