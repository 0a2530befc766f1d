namespace Tollgate.Aws.Runtime;

/// <summary>
/// The Runtime API's error body, <c>{errorMessage, errorType, stackTrace?}</c>. The instances here
/// are the only errors an invocation ever reports: fixed texts, never an exception's message or stack.
/// </summary>
public sealed record LambdaError(
    string ErrorMessage,
    string ErrorType,
    IReadOnlyList<string>? StackTrace = null)
{
    /// <summary>The one failure API Gateway turns into 401: the message must be exactly "Unauthorized".</summary>
    public static readonly LambdaError Unauthorized = new("Unauthorized", "Unauthorized");

    /// <summary>Anything unexpected (API Gateway answers 500). No details, on purpose.</summary>
    public static readonly LambdaError InternalError = new("Internal error", "InternalError");

    /// <summary>The event is not an API Gateway authorizer event this adapter understands (500).</summary>
    public static readonly LambdaError InvalidEvent = new("Invalid authorizer event", "InvalidEvent");

    /// <summary>The decision did not finish before the invocation's deadline (500).</summary>
    public static readonly LambdaError Timeout = new("Authorization timed out", "Timeout");
}
