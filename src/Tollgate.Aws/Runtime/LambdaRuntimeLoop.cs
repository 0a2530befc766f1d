using Microsoft.Extensions.Logging;
using Tollgate.Aws.Handling;
using Tollgate.Aws.Logging;
using Tollgate.Aws.Metrics;

namespace Tollgate.Aws.Runtime;

/// <summary>
/// The custom runtime's processing loop: next → handle (until the deadline) → post the response or
/// the error → flush the invocation's metrics, forever. One bad invocation never stops it; only a failing Runtime API
/// does (then the process exits and Lambda starts a fresh environment).
/// </summary>
/// <remarks>
/// Metrics are written after the answer is posted, so they add nothing to API Gateway's wait, and before the next
/// <c>next</c>: Lambda freezes the environment only once the runtime asks for the next event, so the line is out
/// before any freeze (and lands in this invocation's logs).
/// </remarks>
public sealed class LambdaRuntimeLoop(LambdaRuntimeClient client, AuthorizerHandler handler, IInvocationMetrics metrics, ILogger logger,
    TimeProvider time)
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
        FlushMetrics(invocation.RequestId);
    }

    private void FlushMetrics(string requestId)
    {
        try
        {
            metrics.Flush();
        }
        catch (Exception ex)
        {
            // A closed stdout must not stop the loop: the answer is already posted.
            Log.MetricsFailed(logger, requestId, ex);
        }
    }
}
