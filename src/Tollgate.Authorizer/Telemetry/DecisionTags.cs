using System.Collections.Concurrent;
using Tollgate.Authorizer.Decisions;

namespace Tollgate.Authorizer.Telemetry;

/// <summary>
/// The label pairs of <c>tollgate.decisions</c>, built once per (kind, reason): reasons are the
/// <see cref="ReasonCodes"/> constants, so the set is small and a decision allocates nothing.
/// </summary>
internal static class DecisionTags
{
    private static readonly ConcurrentDictionary<(DecisionKind, string), KeyValuePair<string, object?>[]> Cache = new();

    public static ReadOnlySpan<KeyValuePair<string, object?>> For(DecisionKind kind, string reason)
        => Cache.TryGetValue((kind, reason), out var tags) ? tags : Cache.GetOrAdd((kind, reason), Build);

    public static string KindLabel(DecisionKind kind) => kind switch
    {
        DecisionKind.Allow => "allow",
        DecisionKind.Forbidden => "deny",
        DecisionKind.TooManyRequests => "rate_limited",
        _ => "unauthorized",
    };

    private static KeyValuePair<string, object?>[] Build((DecisionKind Kind, string Reason) key)
        => [new("kind", KindLabel(key.Kind)), new("reason", key.Reason)];
}
