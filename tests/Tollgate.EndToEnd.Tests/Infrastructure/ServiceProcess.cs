using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Tollgate.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A program run for the tests: started as a child process, its output kept for failure messages,
/// stopped by its own pid (SIGTERM, then SIGKILL after a grace period). Never by name.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the program printed.</summary>
    public string RecentOutput => string.Join('\n', _output);

    public static ServiceProcess Start(string name, string file, IEnumerable<string> args, IDictionary<string, string>? env = null, string? workingDirectory = null)
    {
        // `dotnet tollgate.dll ...` runs the native executable instead when TOLLGATE_EXE names one (scripts/test-native.sh).
        var list = args.ToList();
        if (file == "dotnet" && list.Count > 0 && Path.GetFileName(list[0]) == "tollgate.dll" && Environment.GetEnvironmentVariable("TOLLGATE_EXE") is { Length: > 0 } native)
        {
            file = native;
            list.RemoveAt(0);
        }
        args = list;
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("Tollgate__", StringComparison.OrdinalIgnoreCase) || k == "ASPNETCORE_URLS").ToList())
            info.Environment.Remove(key);
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in env ?? new Dictionary<string, string>()) info.Environment[key] = value;
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;

        var process = new Process { StartInfo = info };
        var service = new ServiceProcess(name, process);
        process.OutputDataReceived += (_, e) => service.Record(e.Data);
        process.ErrorDataReceived += (_, e) => service.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Runs a program to completion (apt-get, render.sh, nginx -t): exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string>? env = null, int timeoutSeconds = 120)
    {
        await using var run = Start(Path.GetFileName(file), file, args, env);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try { await run._process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { throw new TimeoutException($"{file} did not finish in {timeoutSeconds} s:\n{run.RecentOutput}"); }
        run._process.WaitForExit(); // drains the output readers
        return (run._process.ExitCode, run.RecentOutput);
    }

    /// <summary>Polls <paramref name="url"/> until it answers 200; fails with the program's output if it exits or takes too long.</summary>
    public async Task WaitForHttpAsync(string url, int timeoutSeconds = 60)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(timeoutSeconds))
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before {url} answered:\n{RecentOutput}");
            try
            {
                using var response = await http.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { } // not listening yet
            catch (TaskCanceledException) { } // slow start on a busy machine
            await Task.Delay(50);
        }
        throw new TimeoutException($"{Name}: {url} did not answer 200 within {timeoutSeconds} s:\n{RecentOutput}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Record(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 300) _output.TryDequeue(out _);
    }

    /// <summary>SIGKILL to the pid, as a crash: no shutdown, connections cut.</summary>
    public void KillHard()
    {
        if (!_process.HasExited) _ = kill(_process.Id, 9);
        _process.WaitForExit(5000);
    }

    /// <summary>SIGTERM to the pid, then SIGKILL if it has not exited within the grace period.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = kill(_process.Id, SigTerm);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { _process.Kill(); await _process.WaitForExitAsync(); }
        }
        _process.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
