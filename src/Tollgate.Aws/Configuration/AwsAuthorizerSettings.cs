using Microsoft.Extensions.Logging;

namespace Tollgate.Aws.Configuration;

/// <summary>
/// The Lambda authorizer's configuration, read once from environment variables at start-up
/// (see <see cref="EnvironmentNames"/> and docs/aws.md). Immutable; validated by
/// <see cref="AwsSettingsParser"/>, which lists every error.
/// </summary>
public sealed record AwsAuthorizerSettings
{
    // Token validation (engine).
    public string? Issuer { get; init; }
    public Uri? JwksUri { get; init; }
    public IReadOnlyList<string> Audiences { get; init; } = [];
    public IReadOnlyList<string> Algorithms { get; init; } = AwsSettingsParser.DefaultAlgorithms;
    public TimeSpan ClockSkew { get; init; } = AwsSettingsParser.DefaultClockSkew;
    /// <summary>Full path of the route rules file (method + path → required scopes).</summary>
    public string? RulesFile { get; init; }

    // Introspection and the phantom-token pattern (engine).
    public Uri? IntrospectionUrl { get; init; }
    public string? IntrospectionClientId { get; init; }
    public SecretString? IntrospectionClientSecret { get; init; }
    public bool UsePhantomToken { get; init; }

    // Token-handler cookies for browser apps (engine).
    public IReadOnlyList<string> TrustedWebOrigins { get; init; } = [];
    public string? CookieNamePrefix { get; init; }
    /// <summary>32-byte cookie encryption key, as 64 hexadecimal characters.</summary>
    public SecretString? EncryptionKey { get; init; }
    /// <summary>With cookies configured, also accept bearer tokens (normal bearer rules).</summary>
    public bool AllowBearer { get; init; }

    // Adapter.
    public HttpApiResponseMode HttpApiResponse { get; init; } = HttpApiResponseMode.Simple;
    public LogLevel LogLevel { get; init; } = LogLevel.Information;
}
