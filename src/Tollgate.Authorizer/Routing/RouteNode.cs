namespace Tollgate.Authorizer.Routing;

/// <summary>One node of the compiled segment trie: children by kind, and the rules ending here by method.</summary>
internal sealed class RouteNode
{
    private Dictionary<string, RouteNode>? _literals;
    private Dictionary<string, RouteNode>.AlternateLookup<ReadOnlySpan<char>> _literalLookup;
    private Dictionary<string, CompiledRule>? _byMethod;

    public RouteNode? Param { get; private set; }
    public RouteNode? Star { get; private set; }
    public RouteNode? DoubleStar { get; private set; }
    public CompiledRule? AnyMethod { get; private set; }

    public RouteNode Child(RoutePattern.Segment segment)
    {
        switch (segment.Kind)
        {
            case RoutePattern.Kind.Param: return Param ??= new RouteNode();
            case RoutePattern.Kind.Star: return Star ??= new RouteNode();
            case RoutePattern.Kind.DoubleStar: return DoubleStar ??= new RouteNode();
        }
        if (_literals is null)
        {
            _literals = new Dictionary<string, RouteNode>(StringComparer.Ordinal);
            _literalLookup = _literals.GetAlternateLookup<ReadOnlySpan<char>>();
        }
        if (!_literals.TryGetValue(segment.Text, out var child)) _literals[segment.Text] = child = new RouteNode();
        return child;
    }

    /// <returns>The rule already holding this method here, if any (a clash).</returns>
    public CompiledRule? Add(CompiledRule rule)
    {
        if (rule.Rule.Method == "*")
        {
            if (AnyMethod is { } clash) return clash;
            AnyMethod = rule;
            return null;
        }
        _byMethod ??= new Dictionary<string, CompiledRule>(StringComparer.OrdinalIgnoreCase);
        return _byMethod.TryAdd(rule.Rule.Method, rule) ? null : _byMethod[rule.Rule.Method];
    }

    public RouteNode? Literal(ReadOnlySpan<char> segment) =>
        _literals is not null && _literalLookup.TryGetValue(segment, out var child) ? child : null;

    /// <summary>The rule for this method ending here: an exact method beats <c>*</c>.</summary>
    public CompiledRule? RuleFor(string method) =>
        _byMethod is not null && _byMethod.TryGetValue(method, out var exact) ? exact : AnyMethod;
}
