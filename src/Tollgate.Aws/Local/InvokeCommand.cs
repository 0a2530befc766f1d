using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Decisions;
using Tollgate.Aws.Configuration;
using Tollgate.Aws.Handling;
using Tollgate.Aws.Logging;
using Tollgate.Aws.Metrics;
using Tollgate.Aws.Rendering;
using Tollgate.Aws.Runtime;
using Tollgate.Aws.Serialization;

namespace Tollgate.Aws.Local;

/// <summary>
/// <c>bootstrap invoke --event file.json</c>: one invocation through the same handler as Lambda mode.
/// stdout carries only what the function returns (the response JSON, or the error JSON as
/// <c>sam local invoke</c> shows it); logs go to stderr, and with <c>--emf</c> the EMF metric lines too. Exit codes: see <see cref="ExitCodes"/>.
/// Synchronous on purpose: each async method costs JIT time at start-up, and this is a one-shot.
/// </summary>
public static class InvokeCommand
{
    public static int Run(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment,
        Stream stdin, Stream stdout, TextWriter stderr, CreateAuthorizer createAuthorizer, TimeProvider time)
    {
        var (options, usageError) = InvokeOptions.Parse(args);
        if (options is null)
        {
            stderr.WriteLine(usageError + Environment.NewLine + InvokeOptions.Usage);
            return ExitCodes.Usage;
        }
        var payload = ReadInput(options.EventPath, stdin, stderr, "event");
        byte[]? decisionJson = null;
        if (payload is null || (options.DecisionPath is not null && (decisionJson = ReadInput(options.DecisionPath, stdin, stderr, "decision")) is null))
        {
            return ExitCodes.InputMissing;
        }
        var result = Secrets.SecretReferences.ParseAsync(environment, decisionJson is null ? SettingsScope.Full : SettingsScope.AdapterOnly,
            time, CancellationToken.None).GetAwaiter().GetResult();
        using var loggers = new JsonLineLoggerFactory(stderr, result.Settings?.LogLevel ?? LogLevel.Information, time);
        var logger = loggers.CreateLogger("Tollgate.Aws");
        if (!result.IsValid)
        {
            foreach (var error in result.Errors)
            {
                Log.InvalidConfiguration(logger, error);
            }
            return ExitCodes.Configuration;
        }
        HttpClient? http = null;
        using var metrics = options.Emf
            ? new EmfMetrics(result.Settings!.MetricsNamespace, result.Settings.FunctionName, line => stderr.Write(Encoding.UTF8.GetString(line)), time)
            : (IInvocationMetrics)NoMetrics.Instance;
        try
        {
            IAuthorizer authorizer;
            try
            {
                authorizer = decisionJson is not null
                    ? new StaticAuthorizer(DecisionDocument.Parse(decisionJson))
                    : createAuthorizer(result.Settings!, http = new HttpClient { Timeout = LambdaBootstrap.EngineHttpTimeout }, time, loggers);
            }
            catch (JsonException ex)
            {
                stderr.WriteLine($"The decision file {options.DecisionPath} is not a valid decision: {ex.Message}");
                return ExitCodes.Usage;
            }
            catch (Exception ex)
            {
                Log.EngineStartFailed(logger, ex.Message, ex);
                return ExitCodes.Configuration;
            }
            var handler = new AuthorizerHandler(authorizer, new RendererSelector(result.Settings!.HttpApiResponse, result.Settings.UsageIdentifierClaim), logger, time);
            var outcome = handler.HandleAsync(payload, "local", CancellationToken.None).GetAwaiter().GetResult();
            var exitCode = WriteOutcome(outcome, stdout);
            metrics.Flush();
            return exitCode;
        }
        finally
        {
            http?.Dispose();
        }
    }

    private static int WriteOutcome(InvocationOutcome outcome, Stream stdout)
    {
        var error = outcome.Error;
        stdout.Write(outcome.Response ?? ResponseWriter.Write(error!));
        stdout.WriteByte((byte)'\n');
        stdout.Flush();
        return error is null ? ExitCodes.Ok
            : error.ErrorMessage == LambdaError.Unauthorized.ErrorMessage ? ExitCodes.Unauthorized
            : ExitCodes.InvocationError;
    }

    private static byte[]? ReadInput(string path, Stream stdin, TextWriter stderr, string what)
    {
        try
        {
            if (path == "-")
            {
                using var buffer = new MemoryStream();
                stdin.CopyTo(buffer);
                return buffer.ToArray();
            }
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"Cannot read the {what} file '{path}': {ex.Message}");
            return null;
        }
    }
}
