namespace Tollgate.Core.Policies;

/// <summary>
/// Checks what only the decision engine can: templates (balanced delimiters, valid regexes) and
/// condition types and options. The server supplies it from the engine that will run the policy.
/// </summary>
public interface IPolicyChecker
{
    /// <summary>Every problem, by wire field name (<c>resources[0]</c>, <c>conditions.remoteIPAddress</c>); empty when good.</summary>
    IReadOnlyList<(string Field, string Message)> Check(AccessPolicy policy);
}
