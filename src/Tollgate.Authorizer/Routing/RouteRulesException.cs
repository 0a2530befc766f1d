using Tollgate.Authorizer.Configuration;

namespace Tollgate.Authorizer.Routing;

/// <summary>A rule set that cannot be compiled, with every problem found (misconfiguration, not a request error).</summary>
public sealed class RouteRulesException(IReadOnlyList<ValidationError> problems)
    : Exception("Route rules are invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(e => "  - " + e)))
{
    /// <summary>Every problem, its path in the rules document (<c>rules[2]</c>, <c>rate_limit.burst</c>; empty for the whole document).</summary>
    public IReadOnlyList<ValidationError> Problems { get; } = problems;

    /// <summary>The problems rendered "<c>path: message</c>".</summary>
    public IReadOnlyList<string> Errors { get; } = [.. problems.Select(e => e.ToString())];
}
