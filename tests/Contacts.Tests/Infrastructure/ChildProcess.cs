using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Contacts.Tests.Infrastructure;

/// <summary>Runs a program to completion, or starts one and stops it by its pid (SIGTERM, then SIGKILL).</summary>
public static partial class ChildProcess
{
    private const int SigTerm = 15;

    public sealed record Result(int ExitCode, string Output);

    /// <summary>Runs to completion; stdout and stderr together.</summary>
    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string>? env = null, int timeoutSeconds = 120)
    {
        using var process = Start(file, args, env, out var output);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { process.Kill(); throw new TimeoutException($"{file} did not finish in {timeoutSeconds} s: {output}"); }
        process.WaitForExit(); // drains the output readers
        return new Result(process.ExitCode, output.ToString());
    }

    /// <summary>Starts a long-running program; <paramref name="output"/> collects what it prints.</summary>
    public static Process Start(string file, IEnumerable<string> args, IDictionary<string, string>? env, out StringBuilder output)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (key, value) in env ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var sink = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (sink) sink.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (sink) sink.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output = sink;
        return process;
    }

    /// <summary>Asks the process to stop (SIGTERM), waits, and kills it if it will not.</summary>
    public static async Task StopAsync(Process process, int graceSeconds = 5)
    {
        if (process.HasExited) return;
        _ = kill(process.Id, SigTerm);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(graceSeconds));
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { process.Kill(); await process.WaitForExitAsync(); }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
