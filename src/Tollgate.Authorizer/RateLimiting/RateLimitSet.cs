namespace Tollgate.Authorizer.RateLimiting;

/// <summary>
/// An API's request rate limits (the rules document's <c>rate_limit</c>): a default for every
/// client of the API, and per-client overrides. A client with neither is not limited.
/// </summary>
public sealed record RateLimitSet(RateLimit? Default, IReadOnlyDictionary<string, RateLimit> Clients)
{
    /// <summary>The limit for <paramref name="clientId"/>: its own, else the default, else none.</summary>
    public RateLimit? For(string clientId) => Clients.Count > 0 && Clients.TryGetValue(clientId, out var own) ? own : Default;
}
