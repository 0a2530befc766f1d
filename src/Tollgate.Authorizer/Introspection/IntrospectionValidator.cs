using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Jwks;
using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.Introspection;

/// <summary>
/// Validates opaque tokens by asking the authorization server (RFC 7662, client credentials by
/// HTTP Basic). Answers are cached by <see cref="IntrospectionCacheKey"/> — active ones no longer
/// than the token lives nor <see cref="IntrospectionOptions.CacheTtl"/>, inactive ones for
/// <see cref="IntrospectionOptions.InactiveCacheTtl"/>; concurrent questions about one token
/// collapse into one request. Any failure fails closed with <c>introspection_failed</c>.
/// </summary>
public sealed class IntrospectionValidator : ITokenValidator
{
    private readonly IntrospectionOptions _settings;
    private readonly Uri _endpoint;
    private readonly TimeSpan _timeout;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AuthenticationHeaderValue _basic;
    private readonly IntrospectionCache<string> _cache;
    private long _requests;

    public IntrospectionValidator(IntrospectionOptions settings, HttpClient http, TimeProvider time, ILogger logger, TimeSpan? timeout = null)
    {
        _settings = settings;
        _endpoint = new Uri(settings.Url, UriKind.Absolute);
        _timeout = timeout ?? TimeSpan.FromSeconds(5);
        _http = http;
        _time = time;
        _logger = logger;
        _basic = IntrospectionRequest.BasicCredentials(settings);
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
        ValidatedToken? active;
        try
        {
            using var cts = new CancellationTokenSource(_timeout);
            using var request = IntrospectionRequest.Create(_endpoint, _basic, token, "application/json");
            using var response = await _http.SendAsync(request, cts.Token);
            if (response.StatusCode != HttpStatusCode.OK)
                return Failed($"introspection answered {(int)response.StatusCode}");
            var body = await response.Content.ReadAsByteArrayAsync(cts.Token);
            if (body.Length > HttpJson.MaxBytes) return Failed("introspection answer is too large");
            active = IntrospectionResponse.Read(body, _endpoint.GetLeftPart(UriPartial.Authority));
        }
        catch (Exception ex)
        {
            // Whatever went wrong (network, timeout, garbage, a bug), the answer is no: fail closed.
            return Failed($"{ex.GetType().Name}: {ex.Message}");
        }

        if (active is null)
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
