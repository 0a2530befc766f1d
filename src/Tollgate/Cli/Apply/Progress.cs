using System.Diagnostics;
using System.Globalization;

namespace Tollgate.Cli.Apply;

/// <summary>
/// How far a long apply is, on stderr: one line rewritten in place on a terminal
/// (<c>applying 1,234/10,000</c>), a plain line every few seconds when stderr is a file or pipe,
/// nothing when quiet (<c>--format json</c>). Ticks come from many requests at once.
/// </summary>
public sealed class Progress(TextWriter stderr, bool terminal, bool quiet, int total, TimeSpan interval)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private int _done;
    private TimeSpan _shown = TimeSpan.Zero;
    private bool _wrote;

    public static Progress For(CliContext cli, bool quiet, int total)
        => new(cli.Stderr, cli.StderrIsTerminal, quiet, total, cli.StderrIsTerminal ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(2));

    public int Done => Volatile.Read(ref _done);

    public void Tick()
    {
        var done = Interlocked.Increment(ref _done);
        if (quiet) return;
        lock (_gate)
        {
            if (_clock.Elapsed - _shown < interval) return;
            _shown = _clock.Elapsed;
            Write(done);
        }
    }

    /// <summary>The last count, once a line was shown (a short apply shows none), and the end of the terminal line.</summary>
    public void Finish()
    {
        if (quiet) return;
        lock (_gate)
        {
            if (!_wrote) return;
            Write(Done);
            if (terminal) stderr.WriteLine();
        }
    }

    private void Write(int done)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"applying {done:N0}/{total:N0}");
        if (terminal) stderr.Write($"\r{text}");
        else stderr.WriteLine(text);
        stderr.Flush();
        _wrote = true;
    }
}
