using Tollgate.Authorizer.Decisions;
using Tollgate.Aws.Events;
using Tollgate.Aws.Handling;
using Tollgate.Aws.Runtime;
using Tollgate.Aws.Serialization;

namespace Tollgate.Aws.Rendering;

/// <summary>
/// HTTP API payload format 2.0 with simple responses: <c>{"isAuthorized": bool, "context": {...}}</c>.
/// <c>isAuthorized: false</c> is a 403; Unauthorized is the function error "Unauthorized" (401).
/// A simple answer carries no resource list: HTTP API caches it per identity-source value for every
/// route, so with caching on, add <c>$context.routeKey</c> to the identity sources (see docs/aws.md)
/// or use IAM mode (<c>TOLLGATE_HTTP_API_RESPONSE=iam</c>), whose policy lists the allowed routes.
/// </summary>
public sealed class SimpleResponseRenderer : IDecisionRenderer
{
    public InvocationOutcome Render(Decision decision, AuthorizerInput input)
    {
        if (decision.Kind == DecisionKind.Unauthorized)
        {
            return InvocationOutcome.Fail(LambdaError.Unauthorized);
        }
        var response = new SimpleResponse(decision.Kind == DecisionKind.Allow, AuthorizerContext.Build(decision));
        return InvocationOutcome.Respond(ResponseWriter.Write(response));
    }
}
