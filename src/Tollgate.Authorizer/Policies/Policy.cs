using System.Text.Json;

namespace Tollgate.Authorizer.Policies;

/// <summary>Whether a matching policy permits or refuses the request. A matching deny always wins.</summary>
public enum PolicyEffect { Allow, Deny }

/// <summary>
/// A Ladon-style policy as the engine reads it: it matches a request when one of its
/// <see cref="Subjects"/>, one of its <see cref="Actions"/> and one of its <see cref="Resources"/>
/// match and every condition is fulfilled. Entries are exact strings or templates with
/// <c>&lt;regex&gt;</c> parts, e.g. <c>resources:orders:&lt;.*&gt;</c>.
/// </summary>
public sealed record Policy
{
    public required string Id { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Subjects { get; init; } = [];
    public PolicyEffect Effect { get; init; } = PolicyEffect.Allow;
    public IReadOnlyList<string> Resources { get; init; } = [];
    public IReadOnlyList<string> Actions { get; init; } = [];
    /// <summary>Context key → condition the context value must fulfil.</summary>
    public IReadOnlyDictionary<string, PolicyCondition> Conditions { get; init; } = new Dictionary<string, PolicyCondition>();
}

/// <summary>One condition: a Ladon built-in type name and its options (a JSON object, possibly empty).</summary>
public sealed record PolicyCondition(string Type, JsonElement Options);
