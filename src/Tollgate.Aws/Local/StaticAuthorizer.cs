using Tollgate.Authorizer.Decisions;

namespace Tollgate.Aws.Local;

/// <summary>Answers every request with one given decision (local <c>invoke --decision</c> only; never in Lambda mode).</summary>
public sealed class StaticAuthorizer(Decision decision) : IAuthorizer
{
    public ValueTask<Decision> DecideAsync(AuthorizationRequest request, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(decision);
}
