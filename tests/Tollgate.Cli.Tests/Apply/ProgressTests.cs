using Tollgate.Cli.Apply;

namespace Tollgate.Cli.Tests.Apply;

/// <summary>The progress display on its own: the three ways it writes, driven from many threads as apply does.</summary>
public sealed class ProgressTests
{
    [Fact]
    public void Terminal_RewritesOneLine_AndEndsIt()
    {
        var stderr = new StringWriter();
        var progress = new Progress(stderr, terminal: true, quiet: false, total: 1500, interval: TimeSpan.Zero);

        Parallel.For(0, 1500, _ => progress.Tick());
        progress.Finish();

        var text = stderr.ToString();
        Assert.StartsWith("\rapplying ", text);
        Assert.EndsWith("\rapplying 1,500/1,500\n", text);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void NotATerminal_PlainLines_AtMostOnePerInterval()
    {
        var stderr = new StringWriter();
        var progress = new Progress(stderr, terminal: false, quiet: false, total: 3, interval: TimeSpan.Zero);
        progress.Tick();
        progress.Tick();
        progress.Tick();
        progress.Finish();
        Assert.Equal("applying 1/3\napplying 2/3\napplying 3/3\napplying 3/3\n", stderr.ToString().Replace("\r\n", "\n"));

        var slow = new StringWriter();
        var rare = new Progress(slow, terminal: false, quiet: false, total: 100, interval: TimeSpan.FromHours(1));
        for (var i = 0; i < 100; i++) rare.Tick();
        rare.Finish();
        Assert.Empty(slow.ToString()); // a short apply shows nothing
    }

    [Fact]
    public void Quiet_WritesNothing()
    {
        var stderr = new StringWriter();
        var progress = new Progress(stderr, terminal: true, quiet: true, total: 10, interval: TimeSpan.Zero);
        for (var i = 0; i < 10; i++) progress.Tick();
        progress.Finish();
        Assert.Empty(stderr.ToString());
        Assert.Equal(10, progress.Done);
    }
}
