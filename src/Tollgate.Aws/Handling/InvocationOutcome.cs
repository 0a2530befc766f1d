using Tollgate.Aws.Runtime;

namespace Tollgate.Aws.Handling;

/// <summary>What one invocation returns to Lambda: a JSON response, or a function error.</summary>
public sealed class InvocationOutcome
{
    private InvocationOutcome(byte[]? response, LambdaError? error) => (Response, Error) = (response, error);

    /// <summary>UTF-8 JSON to post to <c>/invocation/{id}/response</c>, when the invocation succeeded.</summary>
    public byte[]? Response { get; }

    /// <summary>The error to post to <c>/invocation/{id}/error</c>, when it failed.</summary>
    public LambdaError? Error { get; }

    public static InvocationOutcome Respond(byte[] json) => new(json, null);

    public static InvocationOutcome Fail(LambdaError error) => new(null, error);
}
