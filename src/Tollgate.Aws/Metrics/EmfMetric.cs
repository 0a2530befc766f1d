namespace Tollgate.Aws.Metrics;

/// <summary>How the values an instrument recorded during one invocation become one EMF value.</summary>
internal enum Aggregation
{
    /// <summary>Counters: the sum (a count per invocation; CloudWatch's Sum statistic adds them up).</summary>
    Sum,
    /// <summary>Histograms: every value, as EMF's array of values (CloudWatch keeps the percentiles).</summary>
    Values,
    /// <summary>Gauges: the value observed when the invocation ends.</summary>
    Last,
}

/// <summary>
/// One instrument of the meter <c>Tollgate.Authorizer</c> as a CloudWatch metric: its name (the instrument's), unit,
/// the scale from the instrument's unit (seconds → milliseconds) and the tags that become dimensions. The engine's tags
/// are bounded (kind, reason code, fetch result, the feed's server), so are the series.
/// </summary>
internal sealed class EmfMetric(string name, string unit, Aggregation aggregation, double scale, params string[] dimensions)
{
    /// <summary>EMF allows at most 100 values per metric in one document; more in one invocation are dropped.</summary>
    public const int MaxValues = 100;

    public string Name { get; } = name;
    public string Unit { get; } = unit;
    public Aggregation Aggregation { get; } = aggregation;
    public double Scale { get; } = scale;
    /// <summary>The instrument's tag keys that are dimensions, in order.</summary>
    public string[] Dimensions { get; } = dimensions;
    /// <summary>Every label set seen so far; kept across invocations (reset, not freed), so a warm loop allocates no series.</summary>
    public List<EmfSeries> Series { get; } = [];

    /// <summary>The instruments published and how; the feed's version is left out (an identifier, not a figure to graph).</summary>
    public static EmfMetric? For(string instrumentName) => instrumentName switch
    {
        "tollgate.decisions" => new(instrumentName, "Count", Aggregation.Sum, 1, "kind", "reason"),
        "tollgate.decision.duration" => new(instrumentName, "Milliseconds", Aggregation.Values, 1000),
        "tollgate.jwks.refreshes" => new(instrumentName, "Count", Aggregation.Sum, 1, "result"),
        "tollgate.introspection.calls" => new(instrumentName, "Count", Aggregation.Sum, 1, "result"),
        "tollgate.revocation_feed.age" => new(instrumentName, "Seconds", Aggregation.Last, 1, "server"),
        "tollgate.revocation_feed.entries" => new(instrumentName, "Count", Aggregation.Last, 1, "server"),
        _ => null,
    };

    public EmfSeries SeriesFor(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var series in Series)
        {
            if (series.Matches(tags)) return series;
        }
        var values = new string[Dimensions.Length];
        for (var i = 0; i < values.Length; i++) values[i] = TagValue(tags, Dimensions[i]);
        var added = new EmfSeries(this, values);
        Series.Add(added);
        return added;
    }

    /// <summary>The tag's value as a dimension value: CloudWatch wants a non-empty string.</summary>
    internal static string TagValue(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key) return tag.Value as string is { Length: > 0 } value ? value : tag.Value?.ToString() ?? "none";
        }
        return "none";
    }
}

/// <summary>One label set of an <see cref="EmfMetric"/> and what it recorded since the last flush.</summary>
internal sealed class EmfSeries(EmfMetric metric, string[] dimensionValues)
{
    private readonly List<double> _values = [];

    public EmfMetric Metric { get; } = metric;
    /// <summary>Values of <see cref="EmfMetric.Dimensions"/>, in the same order.</summary>
    public string[] DimensionValues { get; } = dimensionValues;
    public bool Touched { get; private set; }
    /// <summary>The sum (counters) or the last value (gauges), scaled.</summary>
    public double Value { get; private set; }
    /// <summary>Every value (histograms), scaled.</summary>
    public IReadOnlyList<double> Values => _values;

    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        for (var i = 0; i < DimensionValues.Length; i++)
        {
            if (!string.Equals(DimensionValues[i], EmfMetric.TagValue(tags, Metric.Dimensions[i]), StringComparison.Ordinal)) return false;
        }
        return true;
    }

    public void Record(double value)
    {
        value *= Metric.Scale;
        switch (Metric.Aggregation)
        {
            case Aggregation.Sum:
                Value += value;
                break;
            case Aggregation.Last:
                Value = value;
                break;
            case Aggregation.Values when _values.Count < EmfMetric.MaxValues:
                _values.Add(value);
                break;
        }
        Touched = true;
    }

    public void Reset()
    {
        Touched = false;
        Value = 0;
        _values.Clear();
    }
}
