using Tollgate.Authorizer.Decisions;

namespace Tollgate.Aws.Events;

/// <summary>An event understood: which authorizer sent it, the ARN of the call, and the request for the engine.</summary>
public sealed record AuthorizerInput(EventKind Kind, ExecuteApiArn Arn, AuthorizationRequest Request);
