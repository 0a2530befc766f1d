using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Tollgate.Authorizer.Logging;

/// <summary>
/// One log event as one JSON object, the same on every host (the Lambda authorizer's stderr lines,
/// <c>serve</c> and <c>gateway</c> with <c>Tollgate:LogFormat=json</c>):
/// <c>{"time","level","category","eventId","event","message",...fields,"exception"}</c>. Fields are
/// the structured values of the message template, camel-cased. An exception is written by type and
/// stack trace only: its message may quote input (a token).
/// </summary>
public static class JsonLogLine
{
    private const string OriginalFormat = "{OriginalFormat}";

    public static void Write<TState>(IBufferWriter<byte> output, DateTimeOffset time, LogLevel level, string category, EventId eventId,
        TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("time", time);
        json.WriteString("level", level.ToString());
        json.WriteString("category", category);
        json.WriteNumber("eventId", eventId.Id);
        if (eventId.Name is { } name) json.WriteString("event", name);
        json.WriteString("message", formatter(state, exception));
        if (state is IReadOnlyList<KeyValuePair<string, object?>> fields) WriteFields(json, fields);
        if (exception is not null)
        {
            json.WriteStartObject("exception");
            json.WriteString("type", exception.GetType().FullName);
            json.WriteString("stackTrace", exception.StackTrace);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter json, IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        foreach (var (key, value) in fields)
        {
            if (key == OriginalFormat) continue;
            var name = key.Length > 0 && char.IsUpper(key[0]) ? char.ToLowerInvariant(key[0]) + key[1..] : key;
            switch (value)
            {
                case null: json.WriteNull(name); break;
                case bool b: json.WriteBoolean(name, b); break;
                case int i: json.WriteNumber(name, i); break;
                case long l: json.WriteNumber(name, l); break;
                case double d: json.WriteNumber(name, Math.Round(d, 3)); break;
                default: json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            }
        }
    }
}
