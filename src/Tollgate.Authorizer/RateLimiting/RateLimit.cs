namespace Tollgate.Authorizer.RateLimiting;

/// <summary>
/// A token bucket's shape: it holds at most <see cref="Burst"/> requests and refills at
/// <see cref="RequestsPerSecond"/>. A client that has been quiet may send a burst at once, then
/// one request per <c>1 / RequestsPerSecond</c> seconds.
/// </summary>
public sealed record RateLimit(double RequestsPerSecond, int Burst)
{
    /// <summary>The smallest rate a rules document may set: one request in about 17 minutes.</summary>
    public const double MinRequestsPerSecond = 0.001;
    /// <summary>The largest rate, and the largest burst, a rules document may set.</summary>
    public const int Max = 1_000_000;
}
