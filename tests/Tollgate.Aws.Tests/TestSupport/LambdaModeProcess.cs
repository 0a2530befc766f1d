using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tollgate.Aws.Tests.TestSupport;

/// <summary>
/// The real <c>bootstrap</c> (see <see cref="BootstrapProcess"/>) in Lambda mode against a <see cref="FakeRuntimeApi"/>: it
/// loops until disposed (killed by its id). stdout and stderr are collected line by line.
/// </summary>
public sealed class LambdaModeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private LambdaModeProcess(Process process) => _process = process;

    public IReadOnlyList<string> StdoutLines => [.. _stdout];
    public string Stderr => string.Join('\n', _stderr);

    public static LambdaModeProcess Start(FakeRuntimeApi runtime, IReadOnlyDictionary<string, string> environment)
    {
        var variables = new Dictionary<string, string>(environment) { ["AWS_LAMBDA_RUNTIME_API"] = runtime.Address };
        var process = new Process { StartInfo = BootstrapProcess.StartInfo([], variables) };
        var lambda = new LambdaModeProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) lambda._stdout.Enqueue(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lambda._stderr.Enqueue(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return lambda;
    }

    /// <summary>Waits until stdout holds at least <paramref name="count"/> lines (they follow the posts, so may lag them).</summary>
    public async Task<IReadOnlyList<string>> StdoutLinesAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (_stdout.Count < count && DateTime.UtcNow < deadline && !_process.HasExited) await Task.Delay(20);
        return StdoutLines;
    }

    /// <summary>Exits (an init error), then the rest of its output.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(cts.Token);
        _process.Dispose();
    }
}
