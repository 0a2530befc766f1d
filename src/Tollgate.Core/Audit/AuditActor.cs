namespace Tollgate.Core.Audit;

/// <summary>Who made an admin change and from where: the admin client's id and the caller's address, passed down explicitly from the endpoint.</summary>
public sealed record AuditActor(string ClientId, string? Address)
{
    /// <summary>Changes Tollgate makes by itself (the key schedule, retention purges).</summary>
    public static readonly AuditActor System = new("system", null);
}
