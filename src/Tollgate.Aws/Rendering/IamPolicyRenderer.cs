using Tollgate.Authorizer.Decisions;
using Tollgate.Aws.Events;
using Tollgate.Aws.Handling;
using Tollgate.Aws.Runtime;
using Tollgate.Aws.Serialization;

namespace Tollgate.Aws.Rendering;

/// <summary>
/// REST TOKEN/REQUEST authorizers and HTTP API in IAM mode. API Gateway caches the policy per token
/// and evaluates it for every route of the API, so:
/// <list type="bullet">
/// <item>Allow: one Allow statement over every route the credential may call (plus the called
/// ARN if none of them covers it), and one explicit Deny statement over the routes inside those
/// that a more specific rule refuses the credential (<see cref="Decision.DeniedRoutes"/>), so a
/// cached Allow on a wildcard never opens them.</item>
/// <item>Forbidden: an explicit Deny on exactly the called ARN (plus the denied routes), next to the
/// Allow statement for the routes the credential may call, so a cached answer neither lets this
/// route through (an explicit Deny overrides any Allow) nor blocks the others.</item>
/// <item>Unauthorized: the function error "Unauthorized" (401).</item>
/// </list>
/// On an Allow, a denied route whose wildcard also covers the called ARN (IAM's <c>*</c> spans
/// segments, the engine's <c>{param}</c> does not) is still denied: the policy may be stricter than
/// the engine, never wider (see docs/aws.md).
/// With <paramref name="usageIdentifierClaim"/> (<c>TOLLGATE_USAGE_IDENTIFIER_CLAIM</c>), an answer for a known
/// client carries <c>usageIdentifierKey</c>: that claim's value (<c>client_id</c>: the client), which API Gateway
/// takes as the API key of a usage plan when the API's key source is <c>AUTHORIZER</c>, so it meters and throttles per client.
/// </summary>
public sealed class IamPolicyRenderer(string? usageIdentifierClaim = null) : IDecisionRenderer
{
    public const string AnonymousPrincipal = "anonymous";

    public InvocationOutcome Render(Decision decision, AuthorizerInput input)
    {
        if (decision.Kind == DecisionKind.Unauthorized)
        {
            return InvocationOutcome.Fail(LambdaError.Unauthorized);
        }
        var allowed = PolicyResources.FromRoutes(input.Arn, decision.AllowedRoutes);
        var statements = new List<PolicyStatement>(2);
        // Forbidden (and TooManyRequests, which the AWS host never decides: AuthorizerFactory turns rate limits off) deny below.
        if (decision.Kind == DecisionKind.Allow)
        {
            if (!PolicyResources.Covers(allowed, input.Arn.Arn))
            {
                allowed.Add(input.Arn.Arn);
            }
            statements.Add(Statement(PolicyStatement.Allow, allowed));
            var denied = PolicyResources.FromRoutes(input.Arn, decision.DeniedRoutes);
            if (denied.Count > 0)
            {
                statements.Add(Statement(PolicyStatement.Deny, denied));
            }
        }
        else
        {
            var denied = PolicyResources.FromRoutes(input.Arn, decision.DeniedRoutes);
            if (!denied.Contains(input.Arn.Arn, StringComparer.Ordinal))
            {
                denied.Insert(0, input.Arn.Arn);
            }
            statements.Add(Statement(PolicyStatement.Deny, denied));
            if (allowed.Count > 0)
            {
                statements.Add(Statement(PolicyStatement.Allow, allowed));
            }
        }
        var response = new IamPolicyResponse(
            decision.Principal ?? AnonymousPrincipal,
            new PolicyDocument(PolicyDocument.CurrentVersion, statements),
            AuthorizerContext.Build(decision),
            UsageIdentifierKey(decision));
        return InvocationOutcome.Respond(ResponseWriter.Write(response));
    }

    private string? UsageIdentifierKey(Decision decision) => usageIdentifierClaim switch
    {
        null => null,
        AuthorizerContext.ClientId => decision.Principal,
        var claim => decision.Claims.TryGetValue(claim, out var value) && value.Length > 0 ? value : null,
    };

    private static PolicyStatement Statement(string effect, IReadOnlyList<string> resources) =>
        new(PolicyStatement.InvokeAction, effect, resources);
}
