using Microsoft.Extensions.Logging;
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
    public static IAuthorizer Create(AwsAuthorizerSettings settings, HttpClient http, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        throw new NotImplementedException("engine pending merge");
    }
}

/// <summary>The shape of <see cref="AuthorizerFactory.Create"/>, so tests and local mode can supply another engine.</summary>
public delegate IAuthorizer CreateAuthorizer(AwsAuthorizerSettings settings, HttpClient http, TimeProvider time, ILoggerFactory loggers);
