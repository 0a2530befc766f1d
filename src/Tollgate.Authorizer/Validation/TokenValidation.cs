namespace Tollgate.Authorizer.Validation;

/// <summary>
/// A validator's answer: a <see cref="ValidatedToken"/>, or a reason code (see
/// <see cref="Decisions.ReasonCodes"/>) with a detail that is logged but never sent to the caller.
/// </summary>
public readonly record struct TokenValidation(ValidatedToken? Token, string? Reason, string? Detail = null)
{
    public bool IsValid => Token is not null;

    public static TokenValidation Valid(ValidatedToken token) => new(token, null);

    public static TokenValidation Invalid(string reason, string? detail = null) => new(null, reason, detail);
}
