using System.Globalization;

namespace Tollgate.Server.Tests.Telemetry;

/// <summary>The samples of a Prometheus text exposition: name, labels, value (comments skipped).</summary>
public sealed class PrometheusText
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    public PrometheusText(string text)
    {
        Text = text;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var brace = line.IndexOf('{');
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            string name, rest;
            if (brace >= 0 && brace < line.IndexOf(' '))
            {
                var close = line.LastIndexOf('}');
                name = line[..brace];
                foreach (var pair in SplitLabels(line[(brace + 1)..close]))
                    labels[pair.Key] = pair.Value;
                rest = line[(close + 1)..].Trim();
            }
            else
            {
                name = line[..line.IndexOf(' ')];
                rest = line[(name.Length + 1)..].Trim();
            }
            var value = rest.Split(' ')[0];
            _samples.Add((name, labels, value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(value, CultureInfo.InvariantCulture),
            }));
        }
    }

    public string Text { get; }

    /// <summary>The value of the one sample named <paramref name="name"/> whose labels include <paramref name="labels"/>; null when none.</summary>
    public double? Value(string name, params (string Key, string Value)[] labels)
    {
        var matches = Samples(name, labels).ToList();
        if (matches.Count > 1) throw new InvalidOperationException($"{matches.Count} samples of {name} match; name more labels.\n{Text}");
        return matches.Count == 0 ? null : matches[0];
    }

    /// <summary>The sum over every sample of <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) => Samples(name, labels).Sum();

    private IEnumerable<double> Samples(string name, (string Key, string Value)[] labels)
        => _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Select(s => s.Value);

    private static IEnumerable<KeyValuePair<string, string>> SplitLabels(string labels)
    {
        var i = 0;
        while (i < labels.Length)
        {
            var eq = labels.IndexOf('=', i);
            var key = labels[i..eq].Trim(' ', ',');
            var j = eq + 2;   // past ="
            var value = new System.Text.StringBuilder();
            while (labels[j] != '"')
            {
                if (labels[j] == '\\') j++;
                value.Append(labels[j++]);
            }
            yield return new(key, value.ToString());
            i = j + 1;
        }
    }
}
