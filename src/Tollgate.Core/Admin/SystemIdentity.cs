namespace Tollgate.Core.Admin;

/// <summary>The records Tollgate itself depends on, which the admin API may not remove.</summary>
public sealed record SystemIdentity(string RootClientId)
{
    /// <summary>Audience and scope of the admin API.</summary>
    public const string AdminAudience = "tollgate:admin";
    public const string AdminScope = "tollgate:admin";
}
