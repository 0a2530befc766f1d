using System.Text.Json;

namespace Tollgate.Authorizer.Policies;

/// <summary>What is asked of the policies: may <see cref="Subject"/> do <see cref="Action"/> on <see cref="Resource"/>?</summary>
public sealed record PolicyRequest(string Subject, string Action, string Resource)
{
    /// <summary>Values conditions look at, by key (e.g. <c>remoteIPAddress</c>). A condition whose key is missing fails.</summary>
    public IReadOnlyDictionary<string, JsonElement> Context { get; init; } = EmptyContext;

    public static readonly IReadOnlyDictionary<string, JsonElement> EmptyContext = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
}

/// <summary>The policies' verdict, and which policy decided (for the log line and the refusal reason).</summary>
public readonly record struct PolicyDecision(PolicyOutcome Outcome, string? PolicyId)
{
    public bool Allowed => Outcome == PolicyOutcome.Allowed;
    public static readonly PolicyDecision NoMatch = new(PolicyOutcome.NoMatchingPolicy, null);
}

public enum PolicyOutcome
{
    /// <summary>An allow policy matched and no deny policy did.</summary>
    Allowed,
    /// <summary>A deny policy matched (it wins over any allow).</summary>
    Denied,
    /// <summary>No policy matched: denied by default.</summary>
    NoMatchingPolicy,
}
