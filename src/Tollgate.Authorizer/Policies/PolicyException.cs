namespace Tollgate.Authorizer.Policies;

/// <summary>A policy set that does not compile; <see cref="Errors"/> lists every problem, each naming its policy and field.</summary>
public sealed class PolicyException(IReadOnlyList<string> errors)
    : Exception("Invalid policies: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
