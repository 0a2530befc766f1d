using Tollgate.Core.Clients;

namespace Tollgate.Server.Hosting;

/// <summary>
/// <c>Tollgate:Quotas</c>: the default token quota of every client without its own (docs/operations.md,
/// "Quotas and abuse protection"). No window set: no default quota.
/// </summary>
public sealed class QuotasOptions
{
    public int? PerMinute { get; set; }
    public int? PerHour { get; set; }
    public int? PerDay { get; set; }
    /// <summary><c>enforce</c> (429) or <c>log-only</c> (issue and log a warning).</summary>
    public string Mode { get; set; } = TokenQuota.EnforceName;

    /// <summary>The default as a quota; null when no window is set.</summary>
    public TokenQuota? Default()
        => PerMinute is null && PerHour is null && PerDay is null ? null
            : new TokenQuota(PerMinute, PerHour, PerDay, TokenQuota.ParseMode(Mode) ?? QuotaMode.Enforce);

    public IEnumerable<string> Validate()
    {
        foreach (var (name, value) in new[] { ("PerMinute", PerMinute), ("PerHour", PerHour), ("PerDay", PerDay) })
            if (value is < 0 or > TokenQuota.MaxLimit) yield return $"Tollgate:Quotas:{name} must be between 0 and {TokenQuota.MaxLimit} (or unset for no limit).";
        if (TokenQuota.ParseMode(Mode) is null) yield return $"Tollgate:Quotas:Mode must be {TokenQuota.EnforceName} or {TokenQuota.LogOnlyName}.";
    }
}
