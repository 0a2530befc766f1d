using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Decisions;
using Tollgate.Aws.Configuration;
using Tollgate.Aws.Handling;
using Tollgate.Aws.Logging;
using Tollgate.Aws.Rendering;
using Tollgate.Aws.Runtime;
using Tollgate.Aws.Serialization;

namespace Tollgate.Aws.Local;

/// <summary>
/// <c>bootstrap invoke --event file.json</c>: one invocation through the same handler as Lambda mode.
/// stdout carries only what the function returns (the response JSON, or the error JSON as
/// <c>sam local invoke</c> shows it); logs go to stderr. Exit codes: see <see cref="ExitCodes"/>.
/// </summary>
public static class InvokeCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment,
        Stream stdin, Stream stdout, TextWriter stderr, CreateAuthorizer createAuthorizer, TimeProvider time)
    {
        var (options, usageError) = InvokeOptions.Parse(args);
        if (options is null)
        {
            await stderr.WriteLineAsync(usageError + Environment.NewLine + InvokeOptions.Usage).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        var payload = await ReadInputAsync(options.EventPath, stdin, stderr, "event").ConfigureAwait(false);
        byte[]? decisionJson = null;
        if (payload is null
            || (options.DecisionPath is not null
                && (decisionJson = await ReadInputAsync(options.DecisionPath, stdin, stderr, "decision").ConfigureAwait(false)) is null))
        {
            return ExitCodes.InputMissing;
        }
        var result = AwsSettingsParser.Parse(environment, decisionJson is null ? SettingsScope.Full : SettingsScope.AdapterOnly);
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
        using var http = new HttpClient { Timeout = LambdaBootstrap.EngineHttpTimeout };
        IAuthorizer authorizer;
        try
        {
            authorizer = decisionJson is null
                ? createAuthorizer(result.Settings!, http, time, loggers)
                : new StaticAuthorizer(DecisionDocument.Parse(decisionJson));
        }
        catch (JsonException ex)
        {
            await stderr.WriteLineAsync($"The decision file {options.DecisionPath} is not a valid decision: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (Exception ex)
        {
            Log.EngineStartFailed(logger, ex.Message, ex);
            return ExitCodes.Configuration;
        }
        var handler = new AuthorizerHandler(authorizer, new RendererSelector(result.Settings!.HttpApiResponse), logger, time);
        var outcome = await handler.HandleAsync(payload, "local", CancellationToken.None).ConfigureAwait(false);
        return await WriteOutcomeAsync(outcome, stdout).ConfigureAwait(false);
    }

    private static async Task<int> WriteOutcomeAsync(InvocationOutcome outcome, Stream stdout)
    {
        var error = outcome.Error;
        var json = outcome.Response ?? JsonSerializer.SerializeToUtf8Bytes(error!, AwsJsonContext.Default.LambdaError);
        await stdout.WriteAsync(json).ConfigureAwait(false);
        stdout.WriteByte((byte)'\n');
        await stdout.FlushAsync().ConfigureAwait(false);
        return error is null ? ExitCodes.Ok
            : error.ErrorMessage == LambdaError.Unauthorized.ErrorMessage ? ExitCodes.Unauthorized
            : ExitCodes.InvocationError;
    }

    private static async Task<byte[]?> ReadInputAsync(string path, Stream stdin, TextWriter stderr, string what)
    {
        try
        {
            if (path == "-")
            {
                using var buffer = new MemoryStream();
                await stdin.CopyToAsync(buffer).ConfigureAwait(false);
                return buffer.ToArray();
            }
            return await File.ReadAllBytesAsync(path).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"Cannot read the {what} file '{path}': {ex.Message}").ConfigureAwait(false);
            return null;
        }
    }
}
