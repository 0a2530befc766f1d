using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.TokenHandler;

namespace Tollgate.Aws.Configuration;

/// <summary>
/// THE seam between the AWS adapter and the decision engine: the only place that knows how to
/// turn <see cref="AwsAuthorizerSettings"/> into the engine's options. Everything else in this
/// project codes against <see cref="IAuthorizer"/> only.
/// </summary>
public static class AuthorizerFactory
{
    /// <summary>
    /// How long an invocation may wait for the revocation feed when the function was frozen longer
    /// than the polling interval (the timer does not run while frozen). Past it, the invocation is
    /// decided on the list as it is (and refused once that is older than the fail-closed age).
    /// </summary>
    public static readonly TimeSpan RevocationCatchUpWait = TimeSpan.FromSeconds(2);

    /// <summary>Builds the engine once per Lambda execution environment (at init, not per invocation).</summary>
    /// <param name="settings">Validated settings.</param>
    /// <param name="http">For JWKS, introspection and revocation-list requests (has a timeout).</param>
    /// <param name="time">The clock the engine validates lifetimes against.</param>
    /// <param name="loggers">Structured JSON lines on stderr (CloudWatch).</param>
    /// <exception cref="AuthorizerOptionsException">Every problem with the resulting engine options.</exception>
    public static IAuthorizer Create(AwsAuthorizerSettings settings, HttpClient http, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return AuthorizerBuilder.Create(ToOptions(settings), http, time, loggers);
    }

    /// <summary>
    /// Lambda init: fetches the issuers' keys and syncs the revocation list now, so that the first
    /// invocation does not wait for them (init also runs ahead of traffic with provisioned
    /// concurrency). A failure is not fatal: the engine answers <c>keys_unavailable</c> and fetches
    /// again after its cooldown; the first invocation pulls the list again (bounded wait).
    /// </summary>
    /// <returns>Whether every issuer's keys are available and the list synced (true when there is nothing to fetch).</returns>
    public static async Task<bool> WarmUpAsync(IAuthorizer authorizer, CancellationToken cancellationToken) =>
        authorizer is not TollgateAuthorizer tollgate || await tollgate.WarmUpAsync(cancellationToken).ConfigureAwait(false);

    /// <exception cref="AuthorizerOptionsException">Token-handler settings that cannot work together, named by their variables.</exception>
    public static AuthorizerOptions ToOptions(AwsAuthorizerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var tokenHandler = ToTokenHandler(settings, out var errors);
        if (errors.Count > 0) throw new AuthorizerOptionsException(errors);

        return new AuthorizerOptions
        {
            Issuers = settings.Issuer is null ? [] :
            [
                new IssuerOptions { Issuer = settings.Issuer, JwksUri = settings.JwksUri?.ToString(), Audiences = settings.Audiences },
            ],
            Algorithms = settings.Algorithms,
            ClockSkew = settings.ClockSkew,
            RulesFile = settings.RulesFile,
            // Never 429 from here: a Lambda authorizer can only allow, deny or fail with Unauthorized, and API Gateway
            // caches its answer per token, so a limit counted here would miss cached calls and deny whole TTLs. A rules
            // file's rate_limit is ignored; meter and throttle clients with usage plans (usageIdentifierKey, docs/aws.md).
            EnforceRateLimits = false,
            PoliciesFile = settings.PoliciesFile,
            PolicyFeed = settings.PoliciesUrl is null ? null : new PolicyFeedOptions
            {
                Url = settings.PoliciesUrl.ToString(),
                ClientId = settings.RevocationClientId ?? settings.IntrospectionClientId ?? "",
                ClientSecret = (settings.RevocationClientSecret ?? settings.IntrospectionClientSecret)?.Reveal() ?? "",
            },
            Introspection = settings.IntrospectionUrl is null ? null : new IntrospectionOptions
            {
                Url = settings.IntrospectionUrl.ToString(),
                ClientId = settings.IntrospectionClientId ?? "",
                ClientSecret = settings.IntrospectionClientSecret?.Reveal() ?? "",
                Audiences = settings.Audiences,
            },
            TokenHandler = tokenHandler,
            RevocationFeed = settings.RevocationFeedUrl is null ? null : new RevocationFeedOptions
            {
                Url = settings.RevocationFeedUrl.ToString(),
                ClientId = settings.RevocationClientId ?? "",
                ClientSecret = settings.RevocationClientSecret?.Reveal() ?? "",
                Interval = settings.RevocationInterval,
                FailClosedAfter = settings.RevocationFailClosedAfter,
                CatchUpWait = RevocationCatchUpWait,
            },
        };
    }

    /// <summary>The OAuth Proxy's options when cookies are configured (origins and key; the parser checked they come together).</summary>
    private static TokenHandlerOptions? ToTokenHandler(AwsAuthorizerSettings settings, out List<string> errors)
    {
        errors = [];
        var cookies = settings.EncryptionKey is not null || settings.TrustedWebOrigins.Count > 0;
        if (!cookies)
        {
            if (settings.UsePhantomToken)
                errors.Add($"{EnvironmentNames.UsePhantomToken}: the phantom-token exchange applies to token-handler cookies; also set "
                    + $"{EnvironmentNames.TrustedWebOrigins}, {EnvironmentNames.CookieNamePrefix} and {EnvironmentNames.EncryptionKey}, or unset it.");
            if (settings.AllowBearer)
                errors.Add($"{EnvironmentNames.AllowBearer}: only means something with token-handler cookies; bearer tokens are always accepted without them.");
            return null;
        }
        if (settings.CookieNamePrefix is null)
            errors.Add($"{EnvironmentNames.CookieNamePrefix} is required with token-handler cookies: the OAuth Agent's prefix (cookies <prefix>-at, <prefix>-csrf).");
        if (settings.UsePhantomToken && (settings.Issuer is null || settings.Audiences.Count == 0))
            errors.Add($"{EnvironmentNames.UsePhantomToken} needs {EnvironmentNames.Issuer} and {EnvironmentNames.Audience}: "
                + "the JWT the introspection endpoint returns is verified against the issuer's keys and must be for this API.");
        return new TokenHandlerOptions
        {
            TrustedWebOrigins = settings.TrustedWebOrigins,
            CookieNamePrefix = settings.CookieNamePrefix ?? "",
            EncryptionKey = settings.EncryptionKey?.Reveal() ?? "",
            UsePhantomToken = settings.UsePhantomToken,
            AllowBearer = settings.AllowBearer,
        };
    }
}

/// <summary>The shape of <see cref="AuthorizerFactory.Create"/>, so tests and local mode can supply another engine.</summary>
public delegate IAuthorizer CreateAuthorizer(AwsAuthorizerSettings settings, HttpClient http, TimeProvider time, ILoggerFactory loggers);
