using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.Caching;

/// <summary>
/// The decision cache: remembers valid tokens by <see cref="TokenHash"/> so a repeated token skips
/// parsing and signature verification. A hit is re-checked: it must not have expired (by the
/// clock, with the skew) and its signing key must still be published. Revocation, route and
/// scopes are checked by the pipeline on every request, cached or not. Refusals are not cached.
/// </summary>
public sealed class CachingTokenValidator(ITokenValidator inner, int capacity, TimeSpan clockSkew, TimeProvider time) : ITokenValidator
{
    private readonly BoundedCache<TokenHash, ValidatedToken> _cache = new(capacity);

    public int Count => _cache.Count;

    public ValueTask<TokenValidation> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var hash = TokenHash.Of(token);
        if (_cache.TryGet(hash, out var cached))
        {
            if (IsStillGood(cached)) return ValueTask.FromResult(TokenValidation.Valid(cached));
            _cache.Remove(hash);
        }

        var validation = inner.ValidateAsync(token, cancellationToken);
        if (!validation.IsCompletedSuccessfully) return RememberAsync(hash, validation);
        Remember(hash, validation.Result);
        return validation;
    }

    private bool IsStillGood(ValidatedToken token) =>
        token.SignedBy is not { IsRetired: true }
        && (token.ExpiresAt is not { } exp || time.GetUtcNow() < exp + clockSkew);

    private async ValueTask<TokenValidation> RememberAsync(TokenHash hash, ValueTask<TokenValidation> validation)
    {
        var result = await validation;
        Remember(hash, result);
        return result;
    }

    private void Remember(TokenHash hash, TokenValidation result)
    {
        if (result.Token is { } token) _cache.Set(hash, token);
    }
}
