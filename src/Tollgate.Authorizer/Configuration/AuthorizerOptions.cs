using Tollgate.Authorizer.Routing;
using Tollgate.Authorizer.TokenHandler;

namespace Tollgate.Authorizer.Configuration;

/// <summary>
/// Everything the authorizer needs, as plain values a host can bind from configuration or map
/// from environment variables. Check with <see cref="Validate"/>; build with <see cref="AuthorizerBuilder"/>.
/// </summary>
public sealed record AuthorizerOptions
{
    public static readonly IReadOnlyList<string> DefaultAlgorithms = ["RS256", "ES256", "PS256"];
    public static readonly IReadOnlyList<string> DefaultValidTypes = ["at+jwt", "JWT"];

    /// <summary>Issuers whose JWTs are validated locally.</summary>
    public IReadOnlyList<IssuerOptions> Issuers { get; init; } = [];
    /// <summary>The JWS algorithms accepted (asymmetric only: never <c>none</c> nor HS*).</summary>
    public IReadOnlyList<string> Algorithms { get; init; } = DefaultAlgorithms;
    /// <summary>Accepted <c>typ</c> header values; empty accepts any (and none).</summary>
    public IReadOnlyList<string> ValidTypes { get; init; } = DefaultValidTypes;
    /// <summary>Tolerance for <c>exp</c>, <c>nbf</c> and <c>iat</c> against this machine's clock.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The header holding the token (<c>Bearer</c> optional).</summary>
    public string TokenHeader { get; init; } = "Authorization";
    /// <summary>A query parameter holding the token when the header is absent (off when null).</summary>
    public string? TokenQueryParameter { get; init; }
    /// <summary>Longer tokens are malformed without being parsed.</summary>
    public int MaxTokenLength { get; init; } = 16 * 1024;

    /// <summary>For opaque tokens; JWTs still go to the issuers when there are any.</summary>
    public IntrospectionOptions? Introspection { get; init; }

    /// <summary>The token-handler OAuth Proxy: encrypted cookies from browser apps (off when null).</summary>
    public TokenHandlerOptions? TokenHandler { get; init; }

    /// <summary>The server's revocation feed, pulled in the background and checked before every allow; off when null.</summary>
    public RevocationFeedOptions? RevocationFeed { get; init; }

    /// <summary>A JSON or YAML rules file (see <see cref="RouteRulesFile"/>); no file means no rules.</summary>
    public string? RulesFile { get; init; }
    /// <summary>A JSON policies file (see <see cref="Policies.PolicyDocument"/>) for policy-governed rules; none means no policy allows anything.</summary>
    public string? PoliciesFile { get; init; }
    /// <summary>The server's policies feed, pulled in the background; off when null (then <see cref="PoliciesFile"/>, or none).</summary>
    public PolicyFeedOptions? PolicyFeed { get; init; }
    /// <summary>What a request no rule matches gets.</summary>
    public DefaultAction DefaultAction { get; init; } = DefaultAction.Deny;

    /// <summary>How old a DPoP proof's <c>iat</c> may be (RFC 9449 §11.1: short); the clock skew below is added either way.</summary>
    public TimeSpan DpopProofMaxAge { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>Clock difference tolerated for a DPoP proof's <c>iat</c>.</summary>
    public TimeSpan DpopClockSkew { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>DPoP proofs remembered (per authorizer instance) until their <c>iat</c> window closes; when full of live ones, new proofs are refused.</summary>
    public int DpopReplayCacheSize { get; init; } = 100_000;

    /// <summary>
    /// Whether the rules' <c>rate_limit</c> is enforced (429 decisions). On by default; the AWS Lambda
    /// host turns it off, because a Lambda authorizer cannot answer 429 and API Gateway caches its
    /// policy per token (meter clients there with usage plans and <c>usageIdentifierKey</c>).
    /// </summary>
    public bool EnforceRateLimits { get; init; } = true;
    /// <summary>Clients with a rate-limit bucket in memory at once (per authorizer instance); past it, quiet ones are forgotten.</summary>
    public int RateLimitTrackedClients { get; init; } = RateLimiting.RequestRateLimiter.DefaultCapacity;

    /// <summary>Valid tokens remembered by hash; 0 turns the cache off.</summary>
    public int DecisionCacheSize { get; init; } = 10_000;

    public TimeSpan JwksRefreshInterval { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>Minimum time between two JWKS fetches of one issuer (unknown kids, failures).</summary>
    public TimeSpan JwksCooldown { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Per discovery, JWKS or introspection request.</summary>
    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Every problem with these options, each naming the setting; empty when they are usable.</summary>
    public IReadOnlyList<ValidationError> Check() => [.. OptionsValidator.Validate(this), .. TokenHandlerValidation.Validate(this)];

    /// <summary><see cref="Check"/>, each problem rendered "<c>Setting: message</c>".</summary>
    public IReadOnlyList<string> Validate() => [.. Check().Select(e => e.ToString())];
}
