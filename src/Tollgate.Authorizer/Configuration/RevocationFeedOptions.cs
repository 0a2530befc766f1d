namespace Tollgate.Authorizer.Configuration;

/// <summary>
/// Where to pull the server's revocation feed (<c>GET {Url}?since=&amp;limit=</c>, see
/// docs/revocation.md), how often, and when a list too old to trust makes every decision a refusal.
/// </summary>
public sealed record RevocationFeedOptions
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultFailClosedAfter = TimeSpan.FromMinutes(5);

    /// <summary>The feed endpoint; for Tollgate <c>{issuer}/revocations</c>.</summary>
    public required string Url { get; init; }
    /// <summary>A client the server allows to introspect (<c>allow_introspection</c>); it authenticates by HTTP Basic.</summary>
    public required string ClientId { get; init; }
    public required string ClientSecret { get; init; }
    /// <summary>Time between two polls; a poll with nothing new is a 304 answered from the server's memory.</summary>
    public TimeSpan Interval { get; init; } = DefaultInterval;
    /// <summary>
    /// When the last complete sync is older than this (or there was none yet), every decision is
    /// refused with <c>revocation_list_stale</c>. <see cref="TimeSpan.Zero"/> turns this off: the
    /// last list (or an empty one) is trusted however old.
    /// </summary>
    public TimeSpan FailClosedAfter { get; init; } = DefaultFailClosedAfter;
    /// <summary>
    /// For hosts whose timers stop between requests (AWS Lambda freezes the process between
    /// invocations): when a decision finds the list older than <see cref="Interval"/>, it first
    /// pulls (or joins the pull under way) and waits at most this long. <see cref="TimeSpan.Zero"/>
    /// (the default) never waits: where the polling timer runs, the list is at most one interval
    /// and one pull old anyway.
    /// </summary>
    public TimeSpan CatchUpWait { get; init; } = TimeSpan.Zero;
    /// <summary>Entries per request (the server's <c>limit</c>, 1–50,000).</summary>
    public int PageSize { get; init; } = 10_000;
}
