namespace Tollgate.Authorizer.Jwks;

/// <summary>How often keys are refetched, and how long after any fetch attempt another may start.</summary>
public sealed record JwksCacheSettings
{
    /// <summary>Keys older than this are refetched in the background while the current ones keep serving.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>After a fetch (for an unknown kid, or a failed one) no other fetch starts for this long.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Per HTTP request, discovery and JWKS alike.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
