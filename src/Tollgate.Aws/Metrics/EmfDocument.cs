namespace Tollgate.Aws.Metrics;

/// <summary>
/// The series one EMF line carries. Dimension values are top-level members shared by every metric of the line, so a
/// series joins a line only if its dimensions agree with those already there: one line per invocation normally (one
/// decision, its kind and reason), a second only when a dimension took two values (say a JWKS fetch that failed and
/// one that succeeded within the same invocation).
/// </summary>
internal sealed class EmfDocument
{
    private readonly List<KeyValuePair<string, string>> _dimensions = [];
    private readonly List<EmfSeries> _series = [];

    public IReadOnlyList<KeyValuePair<string, string>> Dimensions => _dimensions;
    public IReadOnlyList<EmfSeries> Series => _series;

    public bool TryAdd(EmfSeries series)
    {
        var keys = series.Metric.Dimensions;
        for (var i = 0; i < keys.Length; i++)
        {
            if (Find(keys[i]) is { } value && !string.Equals(value, series.DimensionValues[i], StringComparison.Ordinal)) return false;
        }
        for (var i = 0; i < keys.Length; i++)
        {
            if (Find(keys[i]) is null) _dimensions.Add(new(keys[i], series.DimensionValues[i]));
        }
        _series.Add(series);
        return true;
    }

    public void Clear()
    {
        _dimensions.Clear();
        _series.Clear();
    }

    private string? Find(string key)
    {
        foreach (var (k, v) in _dimensions)
        {
            if (k == key) return v;
        }
        return null;
    }
}
