using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Decisions;
using Tollgate.Aws.Events;
using Tollgate.Aws.Logging;
using Tollgate.Aws.Rendering;
using Tollgate.Aws.Runtime;
using Tollgate.Aws.Serialization;

namespace Tollgate.Aws.Handling;

/// <summary>
/// One invocation, start to end — the pipeline in one place:
/// read event → build request → engine decides → log the decision → render.
/// Never throws: whatever goes wrong becomes a fixed error without details.
/// </summary>
public sealed class AuthorizerHandler(IAuthorizer authorizer, RendererSelector renderers, ILogger logger, TimeProvider time)
{
    public async Task<InvocationOutcome> HandleAsync(ReadOnlyMemory<byte> payload, string? requestId, CancellationToken deadline)
    {
        try
        {
            if (ReadEvent(payload, requestId) is not { } input)
            {
                return InvocationOutcome.Fail(LambdaError.InvalidEvent);
            }
            var started = time.GetTimestamp();
            var decision = await authorizer.DecideAsync(input.Request, deadline).ConfigureAwait(false);
            LogDecision(requestId, input, decision, time.GetElapsedTime(started));
            return renderers.For(input.Kind).Render(decision, input);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Log.DeadlineExceeded(logger, requestId);
            return InvocationOutcome.Fail(LambdaError.Timeout);
        }
        catch (Exception ex)
        {
            Log.InvocationFailed(logger, requestId, ex);
            return InvocationOutcome.Fail(LambdaError.InternalError);
        }
    }

    private AuthorizerInput? ReadEvent(ReadOnlyMemory<byte> payload, string? requestId)
    {
        ApiGatewayAuthorizerEvent e;
        try
        {
            e = EventReader.Read(payload);
        }
        catch (JsonException)
        {
            Log.InvalidEvent(logger, requestId, "not a JSON object of the expected shape");
            return null;
        }
        if (EventKinds.Detect(e) is null)
        {
            Log.InvalidEvent(logger, requestId, "neither a TOKEN, a REQUEST nor a version 2.0 authorizer event");
            return null;
        }
        var input = AuthorizationRequestFactory.TryCreate(e);
        if (input is null)
        {
            Log.InvalidEvent(logger, requestId, "no valid methodArn (REST) or routeArn (HTTP API 2.0)");
        }
        return input;
    }

    private void LogDecision(string? requestId, AuthorizerInput input, Decision decision, TimeSpan elapsed)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }
        decision.Claims.TryGetValue("jti", out var jti);
        Log.Decision(logger, requestId, decision.Kind, decision.Reason, input.Kind, input.Request.Method, input.Request.Path,
            decision.Principal, jti, Math.Round(elapsed.TotalMilliseconds, 3));
    }
}
