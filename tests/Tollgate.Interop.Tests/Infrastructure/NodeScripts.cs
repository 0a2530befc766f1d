using System.Diagnostics;
using System.Text;

namespace Tollgate.Interop.Tests.Infrastructure;

public sealed record ScriptResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>
/// The node project under <c>tests/interop</c>: installs it with <c>npm ci</c> when its
/// node_modules is missing or older than the lock file, and runs its scripts.
/// </summary>
public static class NodeScripts
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string Directory { get; } = FindInteropDirectory();

    private static string FindInteropDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "interop");
            if (File.Exists(Path.Combine(dir.FullName, "Tollgate.slnx")) && File.Exists(Path.Combine(candidate, "package.json")))
                return candidate;
        }
        throw new DirectoryNotFoundException($"tests/interop not found above {AppContext.BaseDirectory}.");
    }

    /// <summary><c>npm ci --no-audit --no-fund</c> unless node_modules matches package-lock.json.</summary>
    public static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            var installed = Path.Combine(Directory, "node_modules", ".package-lock.json");
            var lockFile = Path.Combine(Directory, "package-lock.json");
            if (File.Exists(installed) && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(lockFile)) return;
            var result = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], new Dictionary<string, string>(), TimeSpan.FromMinutes(5));
            if (result.ExitCode != 0) throw new InvalidOperationException($"npm ci in {Directory} failed: {result}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>Runs <c>node script</c> in tests/interop with the given environment.</summary>
    public static Task<ScriptResult> RunScriptAsync(string script, IReadOnlyDictionary<string, string> environment)
        => RunAsync("node", [script], environment, TimeSpan.FromSeconds(90));

    private static async Task<ScriptResult> RunAsync(string command, string[] args, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(command)
        {
            WorkingDirectory = Directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) info.Environment[name] = value;

        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start '{command}' (is Node.js 20+ with npm on PATH?): {e.Message}", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Process.GetProcessById(process.Id).Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new ScriptResult(-1, stdout.ToString(), $"{stderr}\n{command} {string.Join(' ', args)} timed out after {timeout.TotalSeconds} s");
        }
        process.WaitForExit(); // drains the asynchronous output readers
        return new ScriptResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
