using System.Buffers;
using System.Text;
using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Logging;

namespace Tollgate.Aws.Logging;

/// <summary>Writes each event as one <see cref="JsonLogLine"/>.</summary>
internal sealed class JsonLineLogger(string category, JsonLineLoggerFactory factory) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= factory.MinimumLevel;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }
        var buffer = new ArrayBufferWriter<byte>(512);
        JsonLogLine.Write(buffer, factory.Time.GetUtcNow(), logLevel, category, eventId, state, exception, formatter);
        factory.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
