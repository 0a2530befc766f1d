using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Decisions;
using Tollgate.Aws.Configuration;
using Tollgate.Aws.Handling;
using Tollgate.Aws.Logging;
using Tollgate.Aws.Metrics;
using Tollgate.Aws.Rendering;

namespace Tollgate.Aws.Runtime;

/// <summary>
/// Lambda mode: read the settings, build the engine once and fetch its keys, then run the invocation loop. Bad
/// configuration is reported through <c>/runtime/init/error</c> (listing every problem) and the
/// process exits non-zero. The engine's metrics go to <c>metricsOutput</c> (stdout) as EMF lines unless <c>TOLLGATE_METRICS=off</c>;
/// the listener starts before the engine is built, so the keys fetched during init are counted too.
/// </summary>
public static class LambdaBootstrap
{
    public static readonly TimeSpan EngineHttpTimeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string?> environment, CreateAuthorizer createAuthorizer,
        TextWriter log, Stream metricsOutput, TimeProvider time, CancellationToken stop)
    {
        var started = time.GetTimestamp();
        if (!environment.TryGetValue(EnvironmentNames.RuntimeApi, out var runtimeApi) || string.IsNullOrWhiteSpace(runtimeApi))
        {
            await log.WriteLineAsync($"{EnvironmentNames.RuntimeApi} is not set: not running in Lambda. "
                + "For a local run use: bootstrap invoke --event <file|->").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        using var runtimeHttp = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var client = new LambdaRuntimeClient(runtimeApi.Trim(), runtimeHttp);
        var result = await Secrets.SecretReferences.ParseAsync(environment, SettingsScope.Full, time, stop).ConfigureAwait(false);
        using var loggers = new JsonLineLoggerFactory(log, result.Settings?.LogLevel ?? LogLevel.Information, time);
        var logger = loggers.CreateLogger("Tollgate.Aws");
        if (!result.IsValid)
        {
            foreach (var error in result.Errors)
            {
                Log.InvalidConfiguration(logger, error);
            }
            var message = $"Invalid configuration ({result.Errors.Count} problems): " + string.Join(" ", result.Errors);
            await ReportInitErrorAsync(client, new LambdaError(message, "InvalidConfiguration"), logger, stop).ConfigureAwait(false);
            return ExitCodes.Configuration;
        }
        var settings = result.Settings!;
        using var metrics = InvocationMetrics.Create(settings, metricsOutput, time);
        using var engineHttp = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = EngineHttpTimeout,
        };
        IAuthorizer authorizer;
        try
        {
            authorizer = createAuthorizer(settings, engineHttp, time, loggers);
        }
        catch (Exception ex)
        {
            Log.EngineStartFailed(logger, ex.Message, ex);
            var error = new LambdaError("The decision engine could not start: " + ex.Message, "EngineStartFailed");
            await ReportInitErrorAsync(client, error, logger, stop).ConfigureAwait(false);
            return ExitCodes.Configuration;
        }
        await WarmUpAsync(authorizer, logger, stop).ConfigureAwait(false);
        var handler = new AuthorizerHandler(authorizer, new RendererSelector(settings.HttpApiResponse, settings.UsageIdentifierClaim), logger, time);
        Log.RuntimeReady(logger, Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 3));
        try
        {
            await new LambdaRuntimeLoop(client, handler, metrics, logger, time).RunAsync(stop).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (Exception ex)
        {
            Log.RuntimeStopped(logger, ex);
            return ExitCodes.RuntimeFailure;
        }
    }

    private static async Task WarmUpAsync(IAuthorizer authorizer, ILogger logger, CancellationToken stop)
    {
        try
        {
            if (!await AuthorizerFactory.WarmUpAsync(authorizer, stop).ConfigureAwait(false))
            {
                Log.WarmUpIncomplete(logger, null);
            }
        }
        catch (Exception ex)
        {
            Log.WarmUpIncomplete(logger, ex);
        }
    }

    private static async Task ReportInitErrorAsync(LambdaRuntimeClient client, LambdaError error, ILogger logger, CancellationToken stop)
    {
        try
        {
            await client.PostInitErrorAsync(error, stop).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.RuntimeApiFailed(logger, null, ex);
        }
    }
}
