namespace Tollgate.Authorizer.Routing;

/// <summary>Where the pipeline reads the current route table from, once per request.</summary>
public interface IRouteTableSource
{
    RouteTable Current { get; }
}

/// <summary>
/// Holds the current table and swaps it whole: requests in flight finish with the table they
/// started with, new ones see the new table. Compile first, so a bad rule set never goes live.
/// </summary>
public sealed class RouteTableSource(RouteTable initial) : IRouteTableSource
{
    private volatile RouteTable _current = initial;

    public RouteTable Current => _current;

    public void Replace(RouteTable table) => _current = table;

    /// <exception cref="RouteRulesException">The rule set is invalid; the current table stays.</exception>
    public void Replace(RouteRuleSet rules) => _current = RouteTable.Compile(rules, _current.DefaultAction);
}
