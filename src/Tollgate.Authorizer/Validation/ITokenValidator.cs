namespace Tollgate.Authorizer.Validation;

/// <summary>Proves a token valid and says what it carries: locally (JWT + JWKS) or by introspection.</summary>
public interface ITokenValidator
{
    ValueTask<TokenValidation> ValidateAsync(string token, CancellationToken cancellationToken);
}
