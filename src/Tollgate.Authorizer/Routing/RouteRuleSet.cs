namespace Tollgate.Authorizer.Routing;

/// <summary>
/// The rules of one API, however they arrived (a JSON or YAML file, later the server). Compile
/// it into a <see cref="RouteTable"/> to match requests.
/// </summary>
public sealed record RouteRuleSet(IReadOnlyList<RouteRule> Rules)
{
    public static RouteRuleSet Empty { get; } = new([]);
}
