using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Tollgate.Authorizer.Telemetry;
using Tollgate.Server.Telemetry;

namespace Tollgate.Server.Console;

/// <summary>
/// The overview's "activity on this node": a <see cref="MeterListener"/> on the same instruments <c>/metrics</c>
/// exports (tokens issued, token errors by code, decisions refused by kind and reason), totalled since this node
/// started. Nothing listens when <c>Tollgate:Metrics:Enabled</c> is false; the overview then says so.
/// Labels are bounded (docs/operations.md), so the tables are too.
/// </summary>
public sealed class ConsoleActivity : IDisposable
{
    private const string Issued = "tollgate.tokens.issued", Errors = "tollgate.token.errors", Decisions = "tollgate.decisions";
    private readonly MeterListener? _listener;
    private long _issued;
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Kind, string Reason), long> _refused = new();

    public ConsoleActivity(ServerMetrics server, MetricsOptions options, TimeProvider time)
    {
        Since = time.GetUtcNow();
        if (!options.Enabled) return;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                // The server's meter is this host's own; the engine's is the process's (one node per process).
                if ((ReferenceEquals(instrument.Meter, server.Meter) && instrument.Name is Issued or Errors)
                    || (instrument.Meter.Name == AuthorizerMetrics.MeterName && instrument.Name == Decisions))
                    listener.EnableMeasurementEvents(instrument);
            },
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    public bool Listening => _listener is not null;
    public DateTimeOffset Since { get; }
    public long TokensIssued => Interlocked.Read(ref _issued);
    public IReadOnlyList<(string Error, long Count)> TokenErrors => [.. _errors.Select(e => (e.Key, e.Value)).OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal)];
    public IReadOnlyList<(string Kind, string Reason, long Count)> RefusedDecisions =>
        [.. _refused.Select(e => (e.Key.Kind, e.Key.Reason, e.Value)).OrderByDescending(e => e.Value).ThenBy(e => e.Reason, StringComparer.Ordinal)];

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (instrument.Name)
        {
            case Issued:
                Interlocked.Add(ref _issued, value);
                break;
            case Errors:
                _errors.AddOrUpdate(Tag(tags, "error"), value, (_, n) => n + value);
                break;
            case Decisions when Tag(tags, "kind") is var kind && kind != "allow":
                _refused.AddOrUpdate((kind, Tag(tags, "reason")), value, (_, n) => n + value);
                break;
        }
    }

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
            if (tag.Key == name) return tag.Value as string ?? "";
        return "";
    }

    public void Dispose() => _listener?.Dispose();
}
