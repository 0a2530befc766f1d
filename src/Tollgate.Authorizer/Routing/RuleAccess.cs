namespace Tollgate.Authorizer.Routing;

/// <summary>What a matching rule demands.</summary>
public enum RuleAccess
{
    /// <summary>A valid token whose scopes satisfy the rule's <c>all</c> / <c>any</c> lists (both empty: any valid token).</summary>
    Scopes,
    /// <summary>Refused for every valid token (403 <c>rule_denies</c>); without a valid token it is 401 as anywhere.</summary>
    Deny,
    /// <summary>Allowed without a token (health checks, public documents).</summary>
    Anonymous,
}

/// <summary>What happens to a request no rule matches.</summary>
public enum DefaultAction
{
    /// <summary>403 <c>no_matching_rule</c> (the default).</summary>
    Deny,
    /// <summary>Any valid token is allowed.</summary>
    AllowAuthenticated,
}
