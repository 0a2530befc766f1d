using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Tollgate.Authorizer.Bench;

/// <summary>
/// What a production host's logging costs a decision: every enabled line rendered as the Lambda
/// adapter's JSON line logger does (Utf8JsonWriter: time, level, category, event id, message, the
/// fields), at Information, then dropped instead of written to stderr.
/// </summary>
public sealed class JsonLineSink : ILoggerFactory, ILogger
{
    public long Lines { get; private set; }

    public ILogger CreateLogger(string categoryName) => this;
    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();
    public void Dispose() { }
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", DateTimeOffset.UtcNow);
            json.WriteString("level", logLevel.ToString());
            json.WriteString("category", "Tollgate.Authorizer.Decisions.DecisionEngine");
            json.WriteNumber("eventId", eventId.Id);
            json.WriteString("message", formatter(state, exception));
            if (state is IReadOnlyList<KeyValuePair<string, object?>> fields)
                foreach (var (key, value) in fields)
                    if (key != "{OriginalFormat}") json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }
        TextWriter.Null.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
        Lines++;
    }
}
