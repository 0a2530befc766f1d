using Tollgate.Authorizer.Decisions;
using Tollgate.Aws.Events;
using Tollgate.Aws.Handling;

namespace Tollgate.Aws.Rendering;

/// <summary>Renders the engine's decision in the shape the calling authorizer expects.</summary>
public interface IDecisionRenderer
{
    InvocationOutcome Render(Decision decision, AuthorizerInput input);
}
