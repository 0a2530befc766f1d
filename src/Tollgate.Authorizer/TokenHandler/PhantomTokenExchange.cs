using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Caching;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Introspection;
using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.TokenHandler;

/// <summary>
/// The phantom-token exchange: the opaque token from the cookie is exchanged at the introspection
/// endpoint (<see cref="ITokenIntrospection.IntrospectAsJwtAsync"/>: over HTTP with
/// <c>Accept: application/jwt</c> and HTTP Basic client credentials, or in-process) for a JWT, which
/// is verified (<see cref="PhantomJwtVerifier"/>) and forwarded. 204 (Curity) or
/// <c>active: false</c> is <c>inactive</c>. Anything else — network, timeout, non-200, not a JWT,
/// a JWT that does not verify — fails closed with <c>introspection_failed</c>, is logged, and is
/// not cached; the opaque token is never forwarded. Answers are cached by the SHA-256 of the
/// opaque token, never longer than the token lives nor <see cref="IntrospectionOptions.CacheTtl"/>;
/// concurrent exchanges of one token collapse into one request.
/// </summary>
internal sealed class PhantomTokenExchange : ITokenValidator
{
    private readonly IntrospectionOptions _settings;
    private readonly Uri _endpoint;
    private readonly PhantomJwtVerifier _verifier;
    private readonly ITokenIntrospection _introspection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IntrospectionCache<TokenHash> _cache;
    private long _requests;

    public PhantomTokenExchange(IntrospectionOptions settings, PhantomJwtVerifier verifier, ITokenIntrospection introspection, TimeProvider time, ILogger logger)
    {
        _settings = settings;
        _endpoint = new Uri(settings.Url, UriKind.Absolute);
        _verifier = verifier;
        _introspection = introspection;
        _time = time;
        _logger = logger;
        _cache = new IntrospectionCache<TokenHash>(settings.CacheSize, time, async token =>
        {
            var result = await ExchangeAsync(token);
            return (result, CacheUntil(result));
        }, logger, _endpoint);
    }

    /// <summary>Exchanges sent so far (for tests and metrics).</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    public ValueTask<TokenValidation> ValidateAsync(string token, CancellationToken cancellationToken) =>
        _cache.GetAsync(TokenHash.Of(token), token, cancellationToken);

    private async Task<TokenValidation> ExchangeAsync(string token)
    {
        Interlocked.Increment(ref _requests);
        var answer = await _introspection.IntrospectAsJwtAsync(token, CancellationToken.None);
        if (answer.Failure is { } failure) return Failed(failure);
        if (answer.Active is not { } jwt) return TokenValidation.Invalid(ReasonCodes.Inactive, "introspection answered 204: the token is not active");

        var verified = await _verifier.VerifyAsync(jwt, CancellationToken.None);
        if (verified.Reason == ReasonCodes.IntrospectionFailed) IntrospectionLog.Failed(_logger, _endpoint.AbsoluteUri, verified.Detail ?? "");
        return verified;
    }

    /// <summary>Valid: until the earlier of exp and CacheTtl; inactive: InactiveCacheTtl; anything else: not cached.</summary>
    private DateTimeOffset CacheUntil(TokenValidation result)
    {
        var now = _time.GetUtcNow();
        if (result.Token is { } token)
        {
            var until = now + _settings.CacheTtl;
            return token.ExpiresAt is { } exp && exp < until ? exp : until;
        }
        return result.Reason == ReasonCodes.Inactive ? now + _settings.InactiveCacheTtl : DateTimeOffset.MinValue;
    }

    private TokenValidation Failed(string detail)
    {
        IntrospectionLog.Failed(_logger, _endpoint.AbsoluteUri, detail);
        return TokenValidation.Invalid(ReasonCodes.IntrospectionFailed, detail);
    }
}
