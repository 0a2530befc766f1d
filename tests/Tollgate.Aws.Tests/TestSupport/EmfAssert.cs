using System.Text.Json;

namespace Tollgate.Aws.Tests.TestSupport;

/// <summary>One metric value an EMF line carries: its name, unit, the dimension values of its set, and its values.</summary>
public sealed record EmfValue(string Namespace, string Name, string Unit, IReadOnlyDictionary<string, string> Dimensions, IReadOnlyList<double> Values);

/// <summary>
/// Checks a line against the CloudWatch Embedded Metric Format specification and reads its metrics: a JSON object with
/// <c>_aws.Timestamp</c> (epoch milliseconds) and <c>_aws.CloudWatchMetrics</c> (directives with <c>Namespace</c>,
/// <c>Dimensions</c> — arrays of at most 30 keys, each a top-level string member — and <c>Metrics</c> of
/// <c>Name</c> and a valid <c>Unit</c>, each name a top-level number or array of at most 100 numbers).
/// </summary>
public static class EmfAssert
{
    /// <summary>CloudWatch's StandardUnit values.</summary>
    private static readonly HashSet<string> Units =
    [
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits",
        "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second",
        "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second",
        "Terabits/Second", "Count/Second", "None",
    ];

    public static IReadOnlyList<EmfValue> Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        var aws = root.GetProperty("_aws");
        var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(aws.GetProperty("Timestamp").GetInt64());
        Assert.InRange(timestamp, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        var directives = aws.GetProperty("CloudWatchMetrics");
        Assert.NotEqual(0, directives.GetArrayLength());
        var values = new List<EmfValue>();
        foreach (var directive in directives.EnumerateArray())
        {
            var ns = directive.GetProperty("Namespace").GetString()!;
            Assert.False(string.IsNullOrEmpty(ns));
            foreach (var set in directive.GetProperty("Dimensions").EnumerateArray())
            {
                Assert.InRange(set.GetArrayLength(), 0, 30);
                var dimensions = set.EnumerateArray().Select(d => d.GetString()!)
                    .ToDictionary(d => d, d => Member(root, d, JsonValueKind.String).GetString()!);
                Assert.All(dimensions.Values, v => Assert.False(string.IsNullOrWhiteSpace(v)));
                foreach (var metric in directive.GetProperty("Metrics").EnumerateArray())
                {
                    var name = metric.GetProperty("Name").GetString()!;
                    var unit = metric.GetProperty("Unit").GetString()!;
                    Assert.Contains(unit, Units);
                    values.Add(new EmfValue(ns, name, unit, dimensions, Numbers(Member(root, name, null))));
                }
            }
        }
        return values;
    }

    private static JsonElement Member(JsonElement root, string name, JsonValueKind? kind)
    {
        Assert.True(root.TryGetProperty(name, out var member), $"'{name}' is named in CloudWatchMetrics but is no top-level member");
        if (kind is { } expected) Assert.Equal(expected, member.ValueKind);
        return member;
    }

    private static List<double> Numbers(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number) return [value.GetDouble()];
        Assert.Equal(JsonValueKind.Array, value.ValueKind);
        Assert.InRange(value.GetArrayLength(), 1, 100);
        return [.. value.EnumerateArray().Select(v => v.GetDouble())];
    }
}
