using System.Collections.Immutable;

namespace Tollgate.Core.Policies;

/// <summary>
/// A Ladon-style policy as stored and administered: who (<see cref="Subjects"/>, client ids or
/// templates) may or may not (<see cref="Effect"/>) do what (<see cref="Actions"/>) on what
/// (<see cref="Resources"/>), under which <see cref="Conditions"/>. The decision engine compiles
/// these; the server only checks them with it before storing (see Tollgate.Server/Policies).
/// </summary>
public sealed record AccessPolicy
{
    public const string Allow = "allow", Deny = "deny";

    public required string Id { get; init; }
    public string? Description { get; init; }
    public ImmutableArray<string> Subjects { get; init; } = [];
    /// <summary><see cref="Allow"/> or <see cref="Deny"/>.</summary>
    public string Effect { get; init; } = Allow;
    public ImmutableArray<string> Resources { get; init; } = [];
    public ImmutableArray<string> Actions { get; init; } = [];
    /// <summary>A JSON object: context key → <c>{"type": …, "options": {…}}</c>.</summary>
    public string Conditions { get; init; } = "{}";
    /// <summary>Free JSON for the operator; nothing reads it.</summary>
    public string Meta { get; init; } = "{}";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
