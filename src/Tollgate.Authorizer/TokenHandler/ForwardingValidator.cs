using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.TokenHandler;

/// <summary>
/// Validates a token from a cookie with the normal validator and marks it to be forwarded
/// upstream as <c>Authorization: Bearer</c> (the upstream never sees the cookie).
/// </summary>
internal sealed class ForwardingValidator(ITokenValidator inner) : ITokenValidator
{
    public ValueTask<TokenValidation> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var validation = inner.ValidateAsync(token, cancellationToken);
        return validation.IsCompletedSuccessfully ? ValueTask.FromResult(Forward(validation.Result, token)) : ForwardAsync(validation, token);
    }

    private static async ValueTask<TokenValidation> ForwardAsync(ValueTask<TokenValidation> validation, string token) => Forward(await validation, token);

    private static TokenValidation Forward(TokenValidation result, string token) =>
        result.Token is { } valid ? TokenValidation.Valid(With(valid, token)) : result;

    /// <summary>A copy of <paramref name="token"/> that forwards <paramref name="forward"/>.</summary>
    public static ValidatedToken With(ValidatedToken token, string forward) => new()
    {
        Issuer = token.Issuer,
        Subject = token.Subject,
        ClientId = token.ClientId,
        Jti = token.Jti,
        Audiences = token.Audiences,
        Scopes = token.Scopes,
        ExpiresAt = token.ExpiresAt,
        IssuedAt = token.IssuedAt,
        SignedBy = token.SignedBy,
        ForwardToken = forward,
    };
}
