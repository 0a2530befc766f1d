namespace Tollgate.Authorizer.Routing;

/// <summary>The rule a request matched; none; or a path refused outright (dot segments, encoded slashes).</summary>
public readonly record struct RouteMatch(RouteRule? Rule, bool InvalidPath)
{
    /// <summary>The matched rule as compiled (its pattern and resource template).</summary>
    internal CompiledRule? Compiled { get; init; }

    public static readonly RouteMatch None = new(null, false);
    public static readonly RouteMatch Invalid = new(null, true);
}
