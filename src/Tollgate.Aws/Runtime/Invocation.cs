namespace Tollgate.Aws.Runtime;

/// <summary>One event from <c>GET /runtime/invocation/next</c>, with the headers that describe it.</summary>
public sealed record Invocation(
    string RequestId,
    DateTimeOffset? Deadline,
    string? InvokedFunctionArn,
    string? TraceId,
    byte[] Payload);
