namespace Tollgate.Aws.Configuration;

/// <summary>How an HTTP API (payload format 2.0) authorizer answers: set it to match the authorizer's
/// <c>EnableSimpleResponses</c> flag in API Gateway.</summary>
public enum HttpApiResponseMode
{
    /// <summary><c>{"isAuthorized": bool, "context": {...}}</c> (EnableSimpleResponses = true).</summary>
    Simple,
    /// <summary>An IAM policy document, as for REST APIs (EnableSimpleResponses = false).</summary>
    Iam,
}
