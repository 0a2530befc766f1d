using Tollgate.Authorizer.Configuration;
using Tollgate.Core.Clients;
using static Tollgate.Authorizer.Configuration.ValidationError.Codes;

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

    public TokenReuseOptions TokenReuse { get; set; } = new();

    public LockoutOptions Lockout { get; set; } = new();

    /// <summary>The default as a quota; null when no window is set.</summary>
    public TokenQuota? Default()
        => PerMinute is null && PerHour is null && PerDay is null ? null
            : new TokenQuota(PerMinute, PerHour, PerDay, TokenQuota.ParseMode(Mode) ?? QuotaMode.Enforce);

    public IEnumerable<ValidationError> Validate()
    {
        foreach (var (name, value) in new[] { ("PerMinute", PerMinute), ("PerHour", PerHour), ("PerDay", PerDay) })
            if (value is < 0 or > TokenQuota.MaxLimit) yield return ValidationError.Sentence($"Tollgate:Quotas:{name}", OutOfRange, $"must be between 0 and {TokenQuota.MaxLimit} (or unset for no limit).");
        if (TokenQuota.ParseMode(Mode) is null) yield return ValidationError.Sentence("Tollgate:Quotas:Mode", Invalid, $"must be {TokenQuota.EnforceName} or {TokenQuota.LogOnlyName}.");
        if (TokenReuse.MinRemainingFraction is <= 0 or > 1) yield return ValidationError.Sentence("Tollgate:Quotas:TokenReuse:MinRemainingFraction", OutOfRange, "must be greater than 0 and at most 1 (0.5: half the lifetime left).");
        if (TokenReuse.MaxEntries is < 1 or > 10_000_000) yield return ValidationError.Sentence("Tollgate:Quotas:TokenReuse:MaxEntries", OutOfRange, "must be between 1 and 10000000.");
        if (Lockout.Threshold < 1) yield return ValidationError.Sentence("Tollgate:Quotas:Lockout:Threshold", OutOfRange, "must be at least 1.");
        if (Lockout.BaseDelay < TimeSpan.FromSeconds(1)) yield return ValidationError.Sentence("Tollgate:Quotas:Lockout:BaseDelay", OutOfRange, "must be at least 00:00:01.");
        if (Lockout.MaxDelay < Lockout.BaseDelay) yield return ValidationError.Sentence("Tollgate:Quotas:Lockout:MaxDelay", OutOfRange, "must not be shorter than BaseDelay.");
        if (Lockout.MaxEntries is < 1 or > 10_000_000) yield return ValidationError.Sentence("Tollgate:Quotas:Lockout:MaxEntries", OutOfRange, "must be between 1 and 10000000.");
    }
}

/// <summary><c>Tollgate:Quotas:TokenReuse</c>: Auth0-style reuse of a still-valid token for a repeated request (off by default).</summary>
public sealed class TokenReuseOptions
{
    /// <summary>For every client.</summary>
    public bool Enabled { get; set; }
    /// <summary>Client ids that reuse tokens also when <see cref="Enabled"/> is off.</summary>
    public List<string> Clients { get; set; } = [];
    /// <summary>A cached token is given out only while at least this share of its lifetime is left.</summary>
    public double MinRemainingFraction { get; set; } = 0.5;
    /// <summary>The cache's bound (least recently used forgotten first).</summary>
    public int MaxEntries { get; set; } = 10_000;
}

/// <summary>
/// <c>Tollgate:Quotas:Lockout</c>: after <see cref="Threshold"/> failed authentications of one client id from one
/// address, that address is refused for that client id for <see cref="BaseDelay"/>, doubling with each further failure up to <see cref="MaxDelay"/>.
/// </summary>
public sealed class LockoutOptions
{
    public bool Enabled { get; set; } = true;
    public int Threshold { get; set; } = 5;
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>The (client id, address) pairs remembered at most (least recently failed forgotten first).</summary>
    public int MaxEntries { get; set; } = 100_000;
}
