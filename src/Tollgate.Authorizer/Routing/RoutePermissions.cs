using Tollgate.Authorizer.Decisions;

namespace Tollgate.Authorizer.Routing;

/// <summary>
/// Every route a set of scopes may call (<see cref="Allowed"/>), and the more specific routes
/// inside those that it may not (<see cref="Denied"/>): an IAM policy renders them as Allow and
/// explicit Deny statements, so a cached policy never allows more than the engine would.
/// </summary>
public sealed record RoutePermissions(IReadOnlyList<AllowedRoute> Allowed, IReadOnlyList<AllowedRoute> Denied)
{
    /// <summary>What a default-allow table grants when no rule matches: everything.</summary>
    internal static readonly RouteRule CatchAll = new() { Method = "*", Path = "/**" };

    internal static RoutePermissions Compute(IReadOnlyList<CompiledRule> rules, CompiledRule? catchAll, IReadOnlyList<string> scopes)
    {
        var satisfied = new List<CompiledRule>();
        var unsatisfied = new List<CompiledRule>();
        // A policy-governed route depends on the resource (its path parameters), not only on the
        // scopes: it is never allowed wholesale, and is denied inside a wider allowed route.
        foreach (var rule in rules) (rule.Rule.IsSatisfiedBy(scopes) && !rule.Rule.IsPolicyGoverned ? satisfied : unsatisfied).Add(rule);
        if (catchAll is not null) satisfied.Add(catchAll);

        // Candidates by first literal segment, so 10,000 rules do not compare pairwise.
        var byFirst = new Dictionary<string, List<CompiledRule>>(StringComparer.Ordinal);
        var wildFirst = new List<CompiledRule>();
        foreach (var rule in satisfied)
        {
            if (FirstLiteral(rule) is { } first) (byFirst.TryGetValue(first, out var list) ? list : byFirst[first] = []).Add(rule);
            else wildFirst.Add(rule);
        }

        var denied = new List<AllowedRoute>();
        foreach (var rule in unsatisfied)
        {
            var candidates = FirstLiteral(rule) is { } first
                ? (byFirst.TryGetValue(first, out var list) ? list : []).Concat(wildFirst)
                : satisfied;
            if (candidates.Any(s => rule.Overlaps(s) && rule.CompareSpecificity(s) < 0)) denied.Add(rule.Route);
        }
        return new RoutePermissions([.. satisfied.Select(s => s.Route)], denied);
    }

    private static string? FirstLiteral(CompiledRule rule) =>
        rule.Pattern.Segments is [{ Kind: RoutePattern.Kind.Literal } first, ..] ? first.Text
        : rule.Pattern.Segments.Length == 0 ? "" : null;
}
