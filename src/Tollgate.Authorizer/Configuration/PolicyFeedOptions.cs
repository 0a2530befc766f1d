namespace Tollgate.Authorizer.Configuration;

/// <summary>Where to pull the server's policies (<c>GET {issuer}/policies</c>, conditional on its ETag) and how often.</summary>
public sealed record PolicyFeedOptions
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    /// <summary>The feed endpoint; for Tollgate <c>{issuer}/policies</c>.</summary>
    public required string Url { get; init; }
    /// <summary>A client the server allows to introspect (<c>allow_introspection</c>); it authenticates by HTTP Basic.</summary>
    public required string ClientId { get; init; }
    public required string ClientSecret { get; init; }
    /// <summary>Time between two polls; an unchanged set is a 304.</summary>
    public TimeSpan Interval { get; init; } = DefaultInterval;
}
