using Microsoft.Extensions.Logging;
using Tollgate.Aws.Handling;
using Tollgate.Aws.Logging;

namespace Tollgate.Aws.Runtime;

/// <summary>
/// The custom runtime's processing loop: next → handle (until the deadline) → post the response or
/// the error, forever. One bad invocation never stops it; only a failing Runtime API does (then the
/// process exits and Lambda starts a fresh environment).
/// </summary>
public sealed class LambdaRuntimeLoop(LambdaRuntimeClient client, AuthorizerHandler handler, ILogger logger, TimeProvider time)
{
    public const string TraceIdVariable = "_X_AMZN_TRACE_ID";

    /// <summary>Runs until <paramref name="stop"/> fires; a Runtime API failure on <c>next</c> throws.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Invocation invocation;
            try
            {
                invocation = await client.NextAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            await HandleAsync(invocation, stop).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(Invocation invocation, CancellationToken stop)
    {
        Environment.SetEnvironmentVariable(TraceIdVariable, invocation.TraceId);
        InvocationOutcome outcome;
        using (var deadline = new InvocationDeadline(invocation.Deadline, time, stop))
        {
            try
            {
                outcome = await handler.HandleAsync(invocation.Payload, invocation.RequestId, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The handler catches everything itself; this is the last line of defence.
                Log.InvocationFailed(logger, invocation.RequestId, ex);
                outcome = InvocationOutcome.Fail(LambdaError.InternalError);
            }
        }
        try
        {
            if (outcome.Response is { } response)
            {
                await client.PostResponseAsync(invocation.RequestId, response, stop).ConfigureAwait(false);
            }
            else
            {
                await client.PostErrorAsync(invocation.RequestId, outcome.Error ?? LambdaError.InternalError, stop).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            // E.g. the invocation already timed out on Lambda's side; the next "next" tells whether the API is alive.
            Log.RuntimeApiFailed(logger, invocation.RequestId, ex);
        }
    }
}
