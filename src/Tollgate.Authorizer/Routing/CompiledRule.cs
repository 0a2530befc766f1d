namespace Tollgate.Authorizer.Routing;

/// <summary>A rule with its parsed pattern and its position in the rule set.</summary>
internal sealed record CompiledRule(RouteRule Rule, RoutePattern Pattern, int Index)
{
    /// <summary>The rule's resource template, compiled against its pattern; null when the rule is not policy-governed.</summary>
    public ResourceTemplate? Resource { get; init; }

    public Decisions.AllowedRoute Route { get; } = new(Rule.Method, Rule.Path);

    /// <summary>Negative when this rule wins over <paramref name="other"/> for a request both match.</summary>
    public int CompareSpecificity(CompiledRule other)
    {
        var byPath = Pattern.CompareSpecificity(other.Pattern);
        if (byPath != 0) return byPath;
        return (Rule.Method == "*").CompareTo(other.Rule.Method == "*");
    }

    public bool Overlaps(CompiledRule other) =>
        (Rule.Method == "*" || other.Rule.Method == "*" || string.Equals(Rule.Method, other.Rule.Method, StringComparison.OrdinalIgnoreCase))
        && Pattern.Overlaps(other.Pattern);
}
