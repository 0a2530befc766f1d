using System.Buffers;
using System.Text.Json;

namespace Tollgate.Aws.Metrics;

/// <summary>
/// Writes one CloudWatch Embedded Metric Format document as one JSON line (Utf8JsonWriter, no reflection):
/// <c>{"_aws":{"Timestamp":…,"CloudWatchMetrics":[{"Namespace":…,"Dimensions":[[…]],"Metrics":[{"Name":…,"Unit":…}]},…]},
/// "FunctionName":…,"kind":…,"reason":…,"tollgate.decisions":1,…}</c>: one metric directive per series, its dimension set
/// the function's name (when known) and the series' own tags, each value a top-level member named as the metric.
/// </summary>
internal sealed class EmfWriter(string metricsNamespace, string? functionName)
{
    public const string FunctionNameDimension = "FunctionName";

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private Utf8JsonWriter? _json;

    /// <summary>The line, newline included; valid until the next call.</summary>
    public ReadOnlySpan<byte> Write(EmfDocument document, DateTimeOffset timestamp)
    {
        _buffer.ResetWrittenCount();
        var json = _json ??= new Utf8JsonWriter(_buffer);
        json.Reset(_buffer);
        json.WriteStartObject();
        json.WriteStartObject("_aws");
        json.WriteNumber("Timestamp", timestamp.ToUnixTimeMilliseconds());
        json.WriteStartArray("CloudWatchMetrics");
        foreach (var series in document.Series)
        {
            WriteDirective(json, series.Metric);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        if (functionName is not null) json.WriteString(FunctionNameDimension, functionName);
        foreach (var (key, value) in document.Dimensions)
        {
            json.WriteString(key, value);
        }
        foreach (var series in document.Series)
        {
            WriteValue(json, series);
        }
        json.WriteEndObject();
        json.Flush();
        _buffer.Write("\n"u8);
        return _buffer.WrittenSpan;
    }

    private void WriteDirective(Utf8JsonWriter json, EmfMetric metric)
    {
        json.WriteStartObject();
        json.WriteString("Namespace", metricsNamespace);
        json.WriteStartArray("Dimensions");
        json.WriteStartArray();
        if (functionName is not null) json.WriteStringValue(FunctionNameDimension);
        foreach (var key in metric.Dimensions)
        {
            json.WriteStringValue(key);
        }
        json.WriteEndArray();
        json.WriteEndArray();
        json.WriteStartArray("Metrics");
        json.WriteStartObject();
        json.WriteString("Name", metric.Name);
        json.WriteString("Unit", metric.Unit);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, EmfSeries series)
    {
        if (series.Metric.Aggregation != Aggregation.Values)
        {
            json.WriteNumber(series.Metric.Name, series.Value);
            return;
        }
        if (series.Values.Count == 1)
        {
            json.WriteNumber(series.Metric.Name, Math.Round(series.Values[0], 3));
            return;
        }
        json.WriteStartArray(series.Metric.Name);
        foreach (var value in series.Values)
        {
            json.WriteNumberValue(Math.Round(value, 3));
        }
        json.WriteEndArray();
    }
}
