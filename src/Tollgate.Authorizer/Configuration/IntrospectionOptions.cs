namespace Tollgate.Authorizer.Configuration;

/// <summary>Where and how to introspect opaque tokens (RFC 7662), and how long answers are kept.</summary>
public sealed record IntrospectionOptions
{
    /// <summary>The RFC 7662 endpoint; for Tollgate <c>{issuer}/oauth2/introspect</c>.</summary>
    public required string Url { get; init; }
    public required string ClientId { get; init; }
    public required string ClientSecret { get; init; }
    /// <summary>An active answer is kept this long at most, and never past the token's <c>exp</c>.</summary>
    public TimeSpan CacheTtl { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>An <c>active: false</c> answer is kept this long (briefly: a flood of dead tokens costs little).</summary>
    public TimeSpan InactiveCacheTtl { get; init; } = TimeSpan.FromSeconds(10);
    public int CacheSize { get; init; } = 10_000;
    /// <summary>When not empty, an active token's <c>aud</c> must name one of these.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];
}
