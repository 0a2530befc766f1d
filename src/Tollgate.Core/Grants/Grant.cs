using System.Collections.Immutable;

namespace Tollgate.Core.Grants;

/// <summary>Which scopes of which API a client may obtain (Auth0's client grant).</summary>
public sealed record Grant
{
    public required string Id { get; init; }
    public required string ClientId { get; init; }
    public required string Audience { get; init; }
    public ImmutableArray<string> Scope { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
