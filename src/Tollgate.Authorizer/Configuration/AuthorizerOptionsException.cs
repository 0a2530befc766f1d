namespace Tollgate.Authorizer.Configuration;

/// <summary>Options that cannot make a working authorizer, with every problem listed.</summary>
public sealed class AuthorizerOptionsException(IReadOnlyList<string> errors)
    : Exception("Authorizer options are invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
