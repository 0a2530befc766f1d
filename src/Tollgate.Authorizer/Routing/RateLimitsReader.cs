using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.RateLimiting;
using static Tollgate.Authorizer.Configuration.ValidationError.Codes;

namespace Tollgate.Authorizer.Routing;

/// <summary>
/// Checks a rules document's <c>rate_limit</c> and turns it into a <see cref="RateLimitSet"/>:
/// <code>
/// rate_limit:
///   requests_per_second: 50      # every client of the API; optional when only some clients are limited
///   burst: 100                   # optional; default: the rate rounded up (at least 1)
///   clients:
///     batch-importer: {requests_per_second: 5, burst: 5}
/// </code>
/// Errors name the field (<c>rate_limit.clients.batch-importer.burst: ...</c>).
/// </summary>
internal static class RateLimitsReader
{
    public static RateLimitSet? Read(RateLimitEntry? entry, List<ValidationError> errors)
    {
        if (entry is null) return null;
        var hasDefault = entry.RequestsPerSecond is not null || entry.Burst is not null;
        if (!hasDefault && entry.Clients is null) errors.Add(new("rate_limit", Required, "give requests_per_second (every client) or clients (some clients)"));
        var fallback = hasDefault ? Limit(entry, "rate_limit", errors) : null;
        var clients = new Dictionary<string, RateLimit>(StringComparer.Ordinal);
        foreach (var (clientId, own) in entry.Clients ?? [])
        {
            var field = $"rate_limit.clients.{clientId}";
            if (string.IsNullOrWhiteSpace(clientId)) errors.Add(new("rate_limit.clients", Required, "a client id must not be empty"));
            else if (own is null) errors.Add(new(field, Required, "needs requests_per_second (and optionally burst)"));
            else if (own.Clients is not null) errors.Add(new($"{field}.clients", NotAllowed, "a client's limit has no clients of its own"));
            else if (Limit(own, field, errors) is { } limit) clients[clientId] = limit;
        }
        return new RateLimitSet(fallback, clients);
    }

    private static RateLimit? Limit(RateLimitEntry entry, string field, List<ValidationError> errors)
    {
        var ok = true;
        if (entry.RequestsPerSecond is not { } rate)
        {
            errors.Add(new($"{field}.requests_per_second", Required, $"required (requests per second, from {RateLimit.MinRequestsPerSecond} to {RateLimit.Max})"));
            return null;
        }
        if (!double.IsFinite(rate) || rate < RateLimit.MinRequestsPerSecond || rate > RateLimit.Max)
        {
            errors.Add(new($"{field}.requests_per_second", OutOfRange, $"must be from {RateLimit.MinRequestsPerSecond} to {RateLimit.Max}, not {rate}"));
            ok = false;
        }
        if (entry.Burst is { } burst && burst is < 1 or > RateLimit.Max)
        {
            errors.Add(new($"{field}.burst", OutOfRange, $"must be a whole number from 1 to {RateLimit.Max}, not {burst}"));
            ok = false;
        }
        return ok ? new RateLimit(rate, entry.Burst ?? (int)Math.Max(1, Math.Ceiling(rate))) : null;
    }
}
