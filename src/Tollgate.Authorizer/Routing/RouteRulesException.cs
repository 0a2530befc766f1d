namespace Tollgate.Authorizer.Routing;

/// <summary>A rule set that cannot be compiled, with every problem found (misconfiguration, not a request error).</summary>
public sealed class RouteRulesException(IReadOnlyList<string> errors)
    : Exception("Route rules are invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
