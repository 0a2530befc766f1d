using System.Diagnostics.CodeAnalysis;
using System.Buffers;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Tollgate.Authorizer.Logging;

namespace Tollgate.Server.Hosting;

/// <summary>
/// <c>Tollgate:LogFormat</c>: <c>text</c> (the console logger's default) or <c>json</c>, one
/// <see cref="JsonLogLine"/> per line on stdout through the standard console logger (its queue and
/// writer), with the fields the Lambda authorizer writes, so one log pipeline reads every host.
/// </summary>
public static class LogFormat
{
    public const string Setting = "Tollgate:LogFormat";

    /// <summary>Applies the setting to <c>serve</c>, <c>gateway</c> and <c>migrate</c>; an unknown value is a configuration error.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Binds ConsoleFormatterOptions, whose properties DynamicDependency keeps.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "ConsoleFormatterOptions holds strings and booleans: binding it needs no generated code.")]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(ConsoleFormatterOptions))]
    public static void Apply(ILoggingBuilder logging, IConfiguration configuration)
    {
        switch (configuration[Setting]?.Trim().ToLowerInvariant())
        {
            case null or "" or "text":
                return;
            case "json":
                logging.AddConsole(o => o.FormatterName = JsonLineFormatter.FormatterName);
                logging.AddConsoleFormatter<JsonLineFormatter, ConsoleFormatterOptions>();
                return;
            default:
                throw new OptionsValidationException(Setting, typeof(string), [$"{Setting} must be text or json, not '{configuration[Setting]}'."]);
        }
    }
}

/// <summary>The console formatter behind <c>Tollgate:LogFormat=json</c> (scopes are not written).</summary>
public sealed class JsonLineFormatter(IServiceProvider services) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "tollgate-json";

    // Resolved on first use: the formatter is built with the logging services, before the host's clock may be registered.
    private TimeProvider? _time;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        _time ??= services.GetService<TimeProvider>() ?? TimeProvider.System;
        var buffer = new ArrayBufferWriter<byte>(512);
        JsonLogLine.Write(buffer, _time.GetUtcNow(), logEntry.LogLevel, logEntry.Category, logEntry.EventId, logEntry.State, logEntry.Exception, logEntry.Formatter);
        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write('\n');
    }
}
