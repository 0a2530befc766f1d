namespace Tollgate.Authorizer.Routing;

/// <summary>
/// One rule: a method (or <c>*</c>) and a path pattern, and what they require. Patterns are
/// literal segments, <c>{name}</c> (one segment), <c>*</c> (one segment) and a final <c>**</c>
/// (any number of segments, none included), e.g. <c>GET /contacts/{id}</c>, <c>* /admin/**</c>.
/// </summary>
public sealed record RouteRule
{
    public required string Method { get; init; }
    public required string Path { get; init; }
    public RuleAccess Access { get; init; } = RuleAccess.Scopes;
    /// <summary>Every one of these scopes is required.</summary>
    public IReadOnlyList<string> AllOf { get; init; } = [];
    /// <summary>At least one of these scopes is required (when not empty).</summary>
    public IReadOnlyList<string> AnyOf { get; init; } = [];

    /// <summary>
    /// The action asked of the policies for a policy-governed rule; null takes the method's action
    /// (<see cref="RouteRuleSet.MethodActions"/>: <c>GET</c> → <c>read</c>, <c>POST</c> → <c>write</c>…).
    /// </summary>
    public string? Action { get; init; }
    /// <summary>
    /// A resource template, e.g. <c>resources:orders:{id}</c> with the path's parameters substituted:
    /// when set, the policies decide (after the scopes) whether the token's client may do the action on it.
    /// </summary>
    public string? Resource { get; init; }

    /// <summary>Whether the policies decide this route (so no cached answer may cover it wholesale).</summary>
    public bool IsPolicyGoverned => Resource is not null;

    /// <summary>The scopes named by the rule, for a 403's <c>RequiredScopes</c>.</summary>
    public IReadOnlyList<string> RequiredScopes => AnyOf.Count == 0 ? AllOf : [.. AllOf, .. AnyOf];

    /// <summary>Whether a token with these scopes may call the route (never for deny, always for anonymous).</summary>
    public bool IsSatisfiedBy(IReadOnlyList<string> scopes)
    {
        switch (Access)
        {
            case RuleAccess.Deny: return false;
            case RuleAccess.Anonymous: return true;
        }
        foreach (var scope in AllOf)
            if (!Has(scopes, scope)) return false;
        if (AnyOf.Count == 0) return true;
        foreach (var scope in AnyOf)
            if (Has(scopes, scope)) return true;
        return false;
    }

    private static bool Has(IReadOnlyList<string> scopes, string scope)
    {
        for (var i = 0; i < scopes.Count; i++)
            if (string.Equals(scopes[i], scope, StringComparison.Ordinal)) return true;
        return false;
    }

    public override string ToString() => $"{Method} {Path}";
}
