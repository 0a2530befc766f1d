using System.Collections.Concurrent;
using Tollgate.Authorizer.Decisions;

namespace Tollgate.Aws.Tests.TestSupport;

/// <summary>An engine stand-in that answers with chosen decisions and records what it was asked.</summary>
public sealed class ScriptedAuthorizer(Func<AuthorizationRequest, CancellationToken, ValueTask<Decision>> decide) : IAuthorizer
{
    public ScriptedAuthorizer(Decision decision) : this((_, _) => ValueTask.FromResult(decision))
    {
    }

    public ConcurrentQueue<AuthorizationRequest> Requests { get; } = new();

    public ValueTask<Decision> DecideAsync(AuthorizationRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(request);
        return decide(request, cancellationToken);
    }
}
