namespace Tollgate.Core.Keys;

/// <summary>
/// How signing keys rotate. A new key is published <see cref="PrePublish"/> before it signs (so
/// every JWKS cache that refreshes at least that often knows it first), signs for
/// <see cref="PeriodFor"/> its algorithm, then stays published until the last token it signed has
/// expired (<see cref="MaxTokenLifetime"/> after it retired, plus <see cref="Margin"/>).
/// </summary>
public sealed record KeySchedule
{
    public static readonly KeySchedule Default = new();

    public TimeSpan DefaultPeriod { get; init; } = TimeSpan.FromDays(30);
    public IReadOnlyDictionary<string, TimeSpan> Periods { get; init; } = new Dictionary<string, TimeSpan>();
    public TimeSpan PrePublish { get; init; } = TimeSpan.FromHours(1);
    public Func<TimeSpan> MaxTokenLifetime { get; init; } = () => TimeSpan.FromDays(30);
    public TimeSpan Margin { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan PeriodFor(string alg) => Periods.TryGetValue(alg, out var period) ? period : DefaultPeriod;
}
