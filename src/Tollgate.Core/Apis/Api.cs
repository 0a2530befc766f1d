using System.Collections.Immutable;

namespace Tollgate.Core.Apis;

/// <summary>A resource server. Its <see cref="Identifier"/> is the audience of its tokens.</summary>
public sealed record Api
{
    public required string Id { get; init; }
    public required string Identifier { get; init; }
    public string? Name { get; init; }
    public ImmutableArray<ApiScope> Scopes { get; init; } = [];
    public TokenFormat TokenFormat { get; init; } = TokenFormat.Jwt;
    public string SigningAlg { get; init; } = SigningAlgorithms.RS256;
    /// <summary>Seconds.</summary>
    public int AccessTokenLifetime { get; init; } = DefaultAccessTokenLifetime;
    /// <summary>Route rules for authorizers: a rules document (JSON, see docs/authorizer.md), or null for none.</summary>
    public string? Routes { get; init; }
    /// <summary>DPoP-bound tokens only (RFC 9449): the token endpoint wants a proof, authorizers refuse unbound tokens.</summary>
    public bool RequireDpop { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public const int DefaultAccessTokenLifetime = 3600;

    public bool HasScope(string value)
    {
        foreach (var scope in Scopes)
            if (scope.Value == value) return true;
        return false;
    }
}

public sealed record ApiScope(string Value, string? Description);

public enum TokenFormat { Jwt, Opaque }

public static class SigningAlgorithms
{
    public const string RS256 = "RS256";
    public const string ES256 = "ES256";
    public const string PS256 = "PS256";
    public static readonly ImmutableArray<string> Supported = [RS256, ES256, PS256];
}
