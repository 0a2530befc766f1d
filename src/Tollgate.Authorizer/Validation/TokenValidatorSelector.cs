using Tollgate.Authorizer.Decisions;

namespace Tollgate.Authorizer.Validation;

/// <summary>
/// Sends JWT-shaped tokens (three dot-separated parts) to the local JWT validator and everything
/// else (opaque tokens such as <c>tgat_...</c>) to introspection; a missing strategy refuses.
/// </summary>
public sealed class TokenValidatorSelector(ITokenValidator? jwt, ITokenValidator? introspection) : ITokenValidator
{
    public ValueTask<TokenValidation> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var validator = LooksLikeJwt(token) ? jwt ?? introspection : introspection;
        return validator is null
            ? ValueTask.FromResult(TokenValidation.Invalid(ReasonCodes.MalformedToken, "token is not a JWT and introspection is not configured"))
            : validator.ValidateAsync(token, cancellationToken);
    }

    internal static bool LooksLikeJwt(string token) => token.AsSpan().Count('.') == 2;
}
