using Tollgate.Authorizer.RateLimiting;

namespace Tollgate.Authorizer.Routing;

/// <summary>
/// The rules of one API, however they arrived (a JSON or YAML file, later the server). Compile
/// it into a <see cref="RouteTable"/> to match requests.
/// </summary>
public sealed record RouteRuleSet(IReadOnlyList<RouteRule> Rules)
{
    /// <summary>Ladon's usual mapping: reading methods are <c>read</c>, changing ones <c>write</c>.</summary>
    public static IReadOnlyDictionary<string, string> DefaultMethodActions { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["GET"] = "read", ["HEAD"] = "read", ["POST"] = "write", ["PUT"] = "write", ["PATCH"] = "write", ["DELETE"] = "write",
    };

    // After DefaultMethodActions: static initializers run in text order.
    public static RouteRuleSet Empty { get; } = new([]);

    /// <summary>Method → action for policy-governed rules that name no action; a method missing here has none (refused).</summary>
    public IReadOnlyDictionary<string, string> MethodActions { get; init; } = DefaultMethodActions;

    /// <summary>
    /// The API takes DPoP-bound tokens only (<c>require_dpop: true</c>): an unbound token is refused
    /// <c>token_not_bound</c> whatever the route. Bound tokens need a proof whatever this says.
    /// </summary>
    public bool RequireDpop { get; init; }

    /// <summary>
    /// Request rate limits per client (<c>rate_limit</c>); null when the API has none, and then a
    /// decision pays one null check for them.
    /// </summary>
    public RateLimitSet? RateLimits { get; init; }
}
