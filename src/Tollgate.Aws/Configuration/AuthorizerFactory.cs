using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;

namespace Tollgate.Aws.Configuration;

/// <summary>
/// THE seam between the AWS adapter and the decision engine: the only place that knows how to
/// turn <see cref="AwsAuthorizerSettings"/> into the engine's options. Everything else in this
/// project codes against <see cref="IAuthorizer"/> only.
/// </summary>
public static class AuthorizerFactory
{
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
    /// Lambda init: fetches the issuers' keys now, so that the first invocation does not wait for
    /// them (init also runs ahead of traffic with provisioned concurrency). A failure is not fatal:
    /// the engine answers <c>keys_unavailable</c> and fetches again after its cooldown.
    /// </summary>
    /// <returns>Whether every issuer's keys are available (true when there is nothing to fetch).</returns>
    public static async Task<bool> WarmUpAsync(IAuthorizer authorizer, CancellationToken cancellationToken) =>
        authorizer is not TollgateAuthorizer tollgate || await tollgate.WarmUpAsync(cancellationToken).ConfigureAwait(false);

    public static AuthorizerOptions ToOptions(AwsAuthorizerSettings settings)
    {
        if (settings.EncryptionKey is not null || settings.UsePhantomToken || settings.TrustedWebOrigins.Count > 0)
            throw new AuthorizerOptionsException([
                "ENCRYPTION_KEY / TRUSTED_WEB_ORIGINS / USE_PHANTOM_TOKEN: the token-handler OAuth Proxy is not in this build yet; unset them"]);

        return new AuthorizerOptions
        {
            Issuers = settings.Issuer is null ? [] :
            [
                new IssuerOptions { Issuer = settings.Issuer, JwksUri = settings.JwksUri?.ToString(), Audiences = settings.Audiences },
            ],
            Algorithms = settings.Algorithms,
            ClockSkew = settings.ClockSkew,
            RulesFile = settings.RulesFile,
            Introspection = settings.IntrospectionUrl is null ? null : new IntrospectionOptions
            {
                Url = settings.IntrospectionUrl.ToString(),
                ClientId = settings.IntrospectionClientId ?? "",
                ClientSecret = settings.IntrospectionClientSecret?.Reveal() ?? "",
                Audiences = settings.Audiences,
            },
        };
    }
}

/// <summary>The shape of <see cref="AuthorizerFactory.Create"/>, so tests and local mode can supply another engine.</summary>
public delegate IAuthorizer CreateAuthorizer(AwsAuthorizerSettings settings, HttpClient http, TimeProvider time, ILoggerFactory loggers);
