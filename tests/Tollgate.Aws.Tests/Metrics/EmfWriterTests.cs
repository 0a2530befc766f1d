using System.Text;
using Tollgate.Aws.Metrics;
using Tollgate.Aws.Tests.TestSupport;

namespace Tollgate.Aws.Tests.Metrics;

/// <summary>The line format and how series share lines, without a listener (the meter is process-wide; EmfProcessTests count).</summary>
public class EmfWriterTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static EmfSeries Series(string instrument, double value, params (string Key, object? Value)[] tags)
    {
        var metric = EmfMetric.For(instrument)!;
        var series = metric.SeriesFor([.. tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value))]);
        series.Record(value);
        return series;
    }

    private static string Write(EmfDocument document, string? functionName = "fn") =>
        Encoding.UTF8.GetString(new EmfWriter("Tollgate", functionName).Write(document, Now));

    [Fact]
    public void Write_DecisionAndDuration_OneSpecLineWithSecondsAsMilliseconds()
    {
        var document = new EmfDocument();
        Assert.True(document.TryAdd(Series("tollgate.decisions", 1, ("kind", "deny"), ("reason", "insufficient_scope"))));
        Assert.True(document.TryAdd(Series("tollgate.decision.duration", 0.0012346)));

        var line = Write(document);

        Assert.EndsWith("}\n", line);
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var values = EmfAssert.Parse(line);
        Assert.Equal(Now.ToUnixTimeMilliseconds(), System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("_aws").GetProperty("Timestamp").GetInt64());
        var decisions = Assert.Single(values, v => v.Name == "tollgate.decisions");
        Assert.Equal(new Dictionary<string, string> { ["FunctionName"] = "fn", ["kind"] = "deny", ["reason"] = "insufficient_scope" }, decisions.Dimensions);
        var duration = Assert.Single(values, v => v.Name == "tollgate.decision.duration");
        Assert.Equal(("Milliseconds", 1.235), (duration.Unit, duration.Values.Single()));
    }

    [Fact]
    public void Write_NoFunctionName_DimensionSetsHoldOnlyTheTags()
    {
        var document = new EmfDocument();
        document.TryAdd(Series("tollgate.decision.duration", 0.002));
        document.TryAdd(Series("tollgate.revocation_feed.entries", 7, ("server", "auth.example.com:443")));

        var values = EmfAssert.Parse(Write(document, functionName: null));

        Assert.Empty(Assert.Single(values, v => v.Name == "tollgate.decision.duration").Dimensions);
        var entries = Assert.Single(values, v => v.Name == "tollgate.revocation_feed.entries");
        Assert.Equal(("Count", "auth.example.com:443", 7.0), (entries.Unit, entries.Dimensions["server"], entries.Values.Single()));
    }

    [Fact]
    public void TryAdd_SameDimensionWithAnotherValue_NeedsASecondLine()
    {
        var document = new EmfDocument();
        Assert.True(document.TryAdd(Series("tollgate.jwks.refreshes", 1, ("result", "failure"))));

        Assert.False(document.TryAdd(Series("tollgate.introspection.calls", 1, ("result", "active"))));
        Assert.True(document.TryAdd(Series("tollgate.introspection.calls", 1, ("result", "failure"))));
    }

    [Fact]
    public void Record_SeveralDurations_AnArrayOfValues()
    {
        var series = Series("tollgate.decision.duration", 0.001);
        series.Record(0.002);
        var document = new EmfDocument();
        document.TryAdd(series);

        Assert.Equal([1.0, 2.0], Assert.Single(EmfAssert.Parse(Write(document))).Values);
    }

    [Fact]
    public void For_FeedVersionAndUnknownInstruments_AreNotPublished()
    {
        Assert.Null(EmfMetric.For("tollgate.revocation_feed.version"));
        Assert.Null(EmfMetric.For("tollgate.tokens.issued"));
    }
}
