using System.Collections.Immutable;

namespace Tollgate.Core.Clients;

/// <summary>A registered client application. Secrets are held only as hashes.</summary>
public sealed record Client
{
    public required string ClientId { get; init; }
    public string? ClientName { get; init; }
    public string TokenEndpointAuthMethod { get; init; } = AuthMethods.ClientSecretBasic;
    public ImmutableArray<string> GrantTypes { get; init; } = [GrantTypeNames.ClientCredentials];
    /// <summary>Seconds; when set and shorter than the API's lifetime, it wins.</summary>
    public int? AccessTokenLifetime { get; init; }
    public ImmutableArray<string> AllowedOrigins { get; init; } = [];
    /// <summary>Free JSON object, stored and returned as given.</summary>
    public string Metadata { get; init; } = "{}";
    /// <summary>May call the introspection endpoint (a resource server or gateway).</summary>
    public bool AllowIntrospection { get; init; }
    /// <summary>For private_key_jwt: the client's public keys as a JWK Set (JSON), or <see cref="JwksUri"/>.</summary>
    public string? Jwks { get; init; }
    public string? JwksUri { get; init; }
    /// <summary>RFC 9449 §5.2 <c>dpop_bound_access_tokens</c>: the token endpoint refuses this client a request without a DPoP proof.</summary>
    public bool DpopBoundAccessTokens { get; init; }
    public ImmutableArray<ClientSecret> Secrets { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>One hashed secret of a client; several may be live while a secret rotates.</summary>
public sealed record ClientSecret(string Id, string Hash, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt)
{
    public bool IsLiveAt(DateTimeOffset now) => ExpiresAt is null || ExpiresAt > now;
}

public static class AuthMethods
{
    public const string ClientSecretBasic = "client_secret_basic";
    public const string ClientSecretPost = "client_secret_post";
    public const string PrivateKeyJwt = "private_key_jwt";
    public static readonly ImmutableArray<string> Supported = [ClientSecretBasic, ClientSecretPost, PrivateKeyJwt];
}

public static class GrantTypeNames
{
    public const string ClientCredentials = "client_credentials";
    public static readonly ImmutableArray<string> Supported = [ClientCredentials];
}
