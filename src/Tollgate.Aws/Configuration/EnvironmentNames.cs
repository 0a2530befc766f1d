namespace Tollgate.Aws.Configuration;

/// <summary>
/// Environment variable names. Where users of the reference authorizers (Auth0's sample Lambda
/// authorizer, Curity's OAuth proxy) already have a name, it is accepted as an alias of ours.
/// </summary>
public static class EnvironmentNames
{
    public static readonly Alias Issuer = new("TOLLGATE_ISSUER", "TOKEN_ISSUER");
    public static readonly Alias JwksUri = new("TOLLGATE_JWKS_URI", "JWKS_URI");
    public static readonly Alias Audience = new("TOLLGATE_AUDIENCE", "AUDIENCE");
    public const string Algorithms = "TOLLGATE_ALGORITHMS";
    public const string ClockSkewSeconds = "TOLLGATE_CLOCK_SKEW_SECONDS";
    public const string RulesFile = "TOLLGATE_RULES_FILE";
    /// <summary>A policies document (JSON) for policy-governed rules; or <see cref="PoliciesUrl"/>, the server's feed.</summary>
    public const string PoliciesFile = "TOLLGATE_POLICIES_FILE";
    /// <summary>The server's policies feed (<c>{issuer}/policies</c>), pulled by the revocation feed's client (default: the introspection client).</summary>
    public const string PoliciesUrl = "TOLLGATE_POLICIES_URL";

    public static readonly Alias IntrospectionUrl = new("TOLLGATE_INTROSPECTION_URL", "INTROSPECTION_URL");
    public static readonly Alias IntrospectionClientId = new("TOLLGATE_INTROSPECTION_CLIENT_ID", "CLIENT_ID");
    public static readonly Alias IntrospectionClientSecret = new("TOLLGATE_INTROSPECTION_CLIENT_SECRET", "CLIENT_SECRET");
    public static readonly Alias UsePhantomToken = new("TOLLGATE_USE_PHANTOM_TOKEN", "USE_PHANTOM_TOKEN");

    public static readonly Alias TrustedWebOrigins = new("TOLLGATE_TRUSTED_WEB_ORIGINS", "TRUSTED_WEB_ORIGINS");
    public static readonly Alias CookieNamePrefix = new("TOLLGATE_COOKIE_NAME_PREFIX", "COOKIE_NAME_PREFIX");
    public static readonly Alias EncryptionKey = new("TOLLGATE_ENCRYPTION_KEY", "ENCRYPTION_KEY");
    /// <summary>With cookies configured, also accept <c>Authorization: Bearer</c> (Curity's name: ALLOW_TOKEN). Default false.</summary>
    public static readonly Alias AllowBearer = new("TOLLGATE_ALLOW_BEARER", "ALLOW_TOKEN");

    /// <summary>The server's revocation feed (<c>{issuer}/revocations</c>); the authorizer pulls it and refuses what it lists.</summary>
    public const string RevocationFeedUrl = "TOLLGATE_REVOCATION_FEED_URL";
    /// <summary>A client with <c>allow_introspection</c>; default: the introspection client.</summary>
    public const string RevocationClientId = "TOLLGATE_REVOCATION_CLIENT_ID";
    public const string RevocationClientSecret = "TOLLGATE_REVOCATION_CLIENT_SECRET";
    public const string RevocationIntervalSeconds = "TOLLGATE_REVOCATION_INTERVAL_SECONDS";
    public const string RevocationFailClosedSeconds = "TOLLGATE_REVOCATION_FAIL_CLOSED_SECONDS";

    public const string HttpApiResponse = "TOLLGATE_HTTP_API_RESPONSE";
    /// <summary>REST authorizers: the claim sent as <c>usageIdentifierKey</c> (e.g. <c>client_id</c>) for API Gateway usage plans; unset: none.</summary>
    public const string UsageIdentifierClaim = "TOLLGATE_USAGE_IDENTIFIER_CLAIM";
    public const string LogLevel = "TOLLGATE_LOG_LEVEL";
    /// <summary><c>emf</c> (default): one CloudWatch Embedded Metric Format line per invocation on stdout; <c>off</c>: none.</summary>
    public const string Metrics = "TOLLGATE_METRICS";
    /// <summary>The CloudWatch namespace of those metrics (default <c>Tollgate</c>).</summary>
    public const string MetricsNamespace = "TOLLGATE_METRICS_NAMESPACE";

    /// <summary>Set by Lambda: host and port of the Runtime API.</summary>
    public const string RuntimeApi = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>Set by Lambda: the function's name, the metrics' <c>FunctionName</c> dimension.</summary>
    public const string FunctionName = "AWS_LAMBDA_FUNCTION_NAME";

    /// <summary>Our name and the name users of the reference authorizers know.</summary>
    public sealed record Alias(string Name, string CompatibleName)
    {
        public override string ToString() => $"{CompatibleName} (or {Name})";
    }
}
