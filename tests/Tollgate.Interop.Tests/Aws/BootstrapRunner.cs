using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Tollgate.Interop.Tests.Aws;

/// <summary>What one <c>bootstrap invoke</c> process printed, and how it exited.</summary>
public sealed record InvokeResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>stdout as JSON: the function's response, or its error as <c>sam local invoke</c> shows it.</summary>
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Stdout);
            return document.RootElement.Clone();
        }
    }

    /// <summary>The reason code of the adapter's one <c>Decision</c> log line on stderr (null if none).</summary>
    public string? LoggedReason => DecisionLines().Select(l => l.GetProperty("reason").GetString()).FirstOrDefault();

    public IEnumerable<JsonElement> DecisionLines()
    {
        foreach (var line in Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith('{')) continue;
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.TryGetProperty("event", out var e) && e.GetString() == "Decision")
                yield return document.RootElement.Clone();
        }
    }

    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>
/// The real AWS authorizer: <c>dotnet bootstrap.dll</c> (src/Tollgate.Aws's build, which the project
/// reference builds) or the published native <c>bootstrap</c> (<c>TOLLGATE_BOOTSTRAP</c>), started as
/// its own process as Lambda and users start it.
/// </summary>
public static class BootstrapRunner
{
    /// <summary>Variables the adapter reads: cleared so the machine's environment cannot leak into a run.</summary>
    private static readonly string[] AdapterVariables =
    [
        "AWS_LAMBDA_RUNTIME_API", "TOKEN_ISSUER", "JWKS_URI", "AUDIENCE", "INTROSPECTION_URL", "CLIENT_ID", "CLIENT_SECRET",
        "USE_PHANTOM_TOKEN", "TRUSTED_WEB_ORIGINS", "COOKIE_NAME_PREFIX", "ENCRYPTION_KEY", "ALLOW_TOKEN",
    ];

    public static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var info = Infrastructure.BootstrapInvoke.NewStartInfo();
        info.UseShellExecute = false;
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("TOLLGATE_", StringComparison.Ordinal) || AdapterVariables.Contains(k)).ToList())
            info.Environment.Remove(name);
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment) info.Environment[name] = value;
        return info;
    }

    /// <summary><c>bootstrap invoke --event file</c>, to the end.</summary>
    public static async Task<InvokeResult> InvokeAsync(string eventFile, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        using var process = Process.Start(StartInfo(["invoke", "--event", eventFile], environment))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Process.GetProcessById(process.Id).Kill();
            await process.WaitForExitAsync();
            return new InvokeResult(-1, await stdout, $"{await stderr}\nbootstrap invoke timed out after {timeout.TotalSeconds} s");
        }
        return new InvokeResult(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>
/// <c>bootstrap</c> in Lambda mode (no arguments, <c>AWS_LAMBDA_RUNTIME_API</c> set): it loops on the
/// Runtime API until killed, by its id, when disposed.
/// </summary>
public sealed class LambdaProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stderr = new();

    private LambdaProcess(Process process) => _process = process;

    public string Stderr => string.Join('\n', _stderr);
    public bool HasExited => _process.HasExited;

    /// <summary>Stops the process (SIGSTOP), as Lambda freezes an execution environment between invocations: no thread, no timer runs.</summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    /// <summary>Lets a frozen process run again (SIGCONT).</summary>
    public Task ThawAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {_process.Id} failed with exit code {kill.ExitCode}");
    }

    public static LambdaProcess Start(string runtimeApi, IReadOnlyDictionary<string, string> environment)
    {
        var variables = new Dictionary<string, string>(environment) { ["AWS_LAMBDA_RUNTIME_API"] = runtimeApi };
        var process = new Process { StartInfo = BootstrapRunner.StartInfo([], variables) };
        var lambda = new LambdaProcess(process);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lambda._stderr.Enqueue(e.Data); };
        process.OutputDataReceived += (_, _) => { };
        process.Start();
        process.StandardInput.Close();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return lambda;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) Process.GetProcessById(_process.Id).Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // already gone
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(cts.Token);
        _process.Dispose();
    }
}
