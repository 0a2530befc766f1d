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
    public string? PoliciesFile { get; init; }
    public Uri? PoliciesUrl { get; init; }

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

    // The revocation feed (engine): pulled every interval, and before an invocation when the
    // function was frozen longer than that.
    public Uri? RevocationFeedUrl { get; init; }
    /// <summary>The feed's client: <c>TOLLGATE_REVOCATION_CLIENT_ID</c>, else the introspection client.</summary>
    public string? RevocationClientId { get; init; }
    public SecretString? RevocationClientSecret { get; init; }
    public TimeSpan RevocationInterval { get; init; } = AwsSettingsParser.DefaultRevocationInterval;
    /// <summary>Past this age without a sync every decision is refused (<c>revocation_list_stale</c>); zero: never.</summary>
    public TimeSpan RevocationFailClosedAfter { get; init; } = AwsSettingsParser.DefaultRevocationFailClosedAfter;

    // Adapter.
    public HttpApiResponseMode HttpApiResponse { get; init; } = HttpApiResponseMode.Simple;
    /// <summary>The claim a REST authorizer answer carries as <c>usageIdentifierKey</c> (API Gateway usage plans per client); null: none.</summary>
    public string? UsageIdentifierClaim { get; init; }
    public LogLevel LogLevel { get; init; } = LogLevel.Information;
    public MetricsMode Metrics { get; init; } = MetricsMode.Emf;
    public string MetricsNamespace { get; init; } = AwsSettingsParser.DefaultMetricsNamespace;
    /// <summary><c>AWS_LAMBDA_FUNCTION_NAME</c>, set by Lambda; null when run elsewhere.</summary>
    public string? FunctionName { get; init; }
}
