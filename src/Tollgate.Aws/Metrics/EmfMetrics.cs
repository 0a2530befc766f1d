using System.Diagnostics.Metrics;
using Tollgate.Authorizer.Telemetry;

namespace Tollgate.Aws.Metrics;

/// <summary>Where an EMF line goes: the bytes, newline included, valid only during the call.</summary>
public delegate void EmfSink(ReadOnlySpan<byte> line);

/// <summary>
/// A <see cref="MeterListener"/> on the meter <c>Tollgate.Authorizer</c> — the instruments <c>/metrics</c> exports in
/// <c>serve</c> and <c>gateway</c>, so the figures are the same — that adds up what one invocation recorded and, at
/// <see cref="Flush"/>, writes it as CloudWatch Embedded Metric Format lines (see <see cref="EmfMetric.For"/> for the
/// metrics). Lambda runs one invocation at a time per process, so "since the last flush" is "this invocation" (plus,
/// for the first, the JWKS fetch of init).
/// </summary>
public sealed class EmfMetrics : IInvocationMetrics
{
    private readonly Lock _gate = new();
    private readonly MeterListener _listener;
    private readonly List<EmfMetric> _metrics = [];
    private readonly List<EmfDocument> _documents = [];
    private readonly EmfWriter _writer;
    private readonly EmfSink _sink;
    private readonly TimeProvider _time;

    public EmfMetrics(string metricsNamespace, string? functionName, EmfSink sink, TimeProvider time)
    {
        _writer = new EmfWriter(metricsNamespace, functionName);
        _sink = sink;
        _time = time;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name != AuthorizerMetrics.MeterName || EmfMetric.For(instrument.Name) is not { } metric) return;
                lock (_gate) _metrics.Add(metric);
                listener.EnableMeasurementEvents(instrument, metric);
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => Record(state, value, tags));
        _listener.Start();
    }

    /// <summary>Writes to a stream (stdout in Lambda: CloudWatch Logs extracts the metrics), one write per line.</summary>
    public static EmfMetrics ToStream(string metricsNamespace, string? functionName, Stream output, TimeProvider time) =>
        new(metricsNamespace, functionName, line => { output.Write(line); output.Flush(); }, time);

    public void Flush()
    {
        _listener.RecordObservableInstruments();
        lock (_gate)
        {
            var used = Pack();
            var now = _time.GetUtcNow();
            try
            {
                for (var i = 0; i < used; i++)
                {
                    _sink(_writer.Write(_documents[i], now));
                }
            }
            finally
            {
                for (var i = 0; i < used; i++) _documents[i].Clear();
                foreach (var metric in _metrics)
                {
                    foreach (var series in metric.Series) series.Reset();
                }
            }
        }
    }

    /// <summary>Puts each series recorded since the last flush into the first line whose dimensions agree; returns the lines used.</summary>
    private int Pack()
    {
        var used = 0;
        foreach (var metric in _metrics)
        {
            foreach (var series in metric.Series)
            {
                if (!series.Touched) continue;
                var placed = false;
                for (var i = 0; i < used && !placed; i++) placed = _documents[i].TryAdd(series);
                if (placed) continue;
                if (used == _documents.Count) _documents.Add(new EmfDocument());
                _documents[used++].TryAdd(series);
            }
        }
        return used;
    }

    private void Record(object? state, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (state is not EmfMetric metric) return;
        lock (_gate) metric.SeriesFor(tags).Record(value);
    }

    public void Dispose() => _listener.Dispose();
}
