using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.Introspection;

/// <summary>
/// Validates opaque tokens by asking the authorization server (RFC 7662, through an
/// <see cref="ITokenIntrospection"/>: over HTTP with client credentials by HTTP Basic, or
/// in-process). Answers are cached by <see cref="IntrospectionCacheKey"/> — active ones no longer
/// than the token lives nor <see cref="IntrospectionOptions.CacheTtl"/>, inactive ones for
/// <see cref="IntrospectionOptions.InactiveCacheTtl"/>; concurrent questions about one token
/// collapse into one request. Any failure fails closed with <c>introspection_failed</c>.
/// </summary>
public sealed class IntrospectionValidator : ITokenValidator
{
    private readonly IntrospectionOptions _settings;
    private readonly ITokenIntrospection _introspection;
    private readonly Uri _endpoint;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IntrospectionCache<string> _cache;
    private long _requests;

    /// <summary>Asks <see cref="IntrospectionOptions.Url"/> over HTTP (<see cref="HttpIntrospection"/>).</summary>
    public IntrospectionValidator(IntrospectionOptions settings, HttpClient http, TimeProvider time, ILogger logger, TimeSpan? timeout = null)
        : this(settings, new HttpIntrospection(settings, http, timeout), time, logger) { }

    /// <param name="introspection">Who is asked; <see cref="IntrospectionOptions.Url"/> then only names the endpoint (cache keys, logs).</param>
    public IntrospectionValidator(IntrospectionOptions settings, ITokenIntrospection introspection, TimeProvider time, ILogger logger)
    {
        _settings = settings;
        _introspection = introspection;
        _endpoint = new Uri(settings.Url, UriKind.Absolute);
        _time = time;
        _logger = logger;
        _cache = new IntrospectionCache<string>(settings.CacheSize, time, IntrospectAsync, logger, _endpoint, StringComparer.Ordinal);
    }

    /// <summary>Introspection requests sent so far (for tests and metrics).</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    public ValueTask<TokenValidation> ValidateAsync(string token, CancellationToken cancellationToken) =>
        _cache.GetAsync(IntrospectionCacheKey.For(_endpoint, token), token, cancellationToken);

    private async Task<(TokenValidation Result, DateTimeOffset Until)> IntrospectAsync(string token)
    {
        using var span = Telemetry.AuthorizerTracing.Source.StartActivity(Telemetry.AuthorizerTracing.IntrospectionCall);
        var answer = await CallAsync(token);
        Telemetry.AuthorizerMetrics.IntrospectionCalled(answer.Result.Reason switch
        {
            null => true,
            ReasonCodes.IntrospectionFailed => null,
            _ => false,
        });
        if (answer.Result.Reason == ReasonCodes.IntrospectionFailed) span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
        return answer;
    }

    private async Task<(TokenValidation Result, DateTimeOffset Until)> CallAsync(string token)
    {
        Interlocked.Increment(ref _requests);
        var now = _time.GetUtcNow();
        IntrospectionAnswer<ValidatedToken> answer;
        try
        {
            answer = await _introspection.IntrospectAsync(token, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Whatever went wrong (a bug included), the answer is no: fail closed.
            return Failed($"{ex.GetType().Name}: {ex.Message}");
        }
        if (answer.Failure is { } failure) return Failed(failure);

        if (answer.Active is not { } active)
            return (TokenValidation.Invalid(ReasonCodes.Inactive, "introspection says active: false"), now + _settings.InactiveCacheTtl);
        if (active.ExpiresAt is { } exp && exp <= now)
            return (TokenValidation.Invalid(ReasonCodes.Expired, "introspection says active, but exp has passed"), now);
        if (_settings.Audiences.Count > 0 && !active.Audiences.Any(_settings.Audiences.Contains))
            return (TokenValidation.Invalid(ReasonCodes.WrongAudience, $"aud '{string.Join(' ', active.Audiences)}' is not accepted"), now + _settings.InactiveCacheTtl);

        var until = now + _settings.CacheTtl;
        if (active.ExpiresAt is { } expires && expires < until) until = expires;
        return (TokenValidation.Valid(active), until);
    }

    private (TokenValidation, DateTimeOffset) Failed(string detail)
    {
        IntrospectionLog.Failed(_logger, _endpoint.AbsoluteUri, detail);
        return (TokenValidation.Invalid(ReasonCodes.IntrospectionFailed, detail), DateTimeOffset.MinValue);
    }
}
