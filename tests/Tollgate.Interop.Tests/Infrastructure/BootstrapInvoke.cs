using System.Diagnostics;

namespace Tollgate.Interop.Tests.Infrastructure;

/// <summary>
/// The real Lambda authorizer process in local mode: <c>dotnet bootstrap.dll invoke --event -</c>,
/// the event on stdin, only the given environment variables of the adapter set. bootstrap.dll runs
/// from src/Tollgate.Aws's own build output (the project reference builds it): the copy next to
/// this ASP.NET Core test assembly lacks the packages the shared framework provides here
/// (or <c>TOLLGATE_BOOTSTRAP_DLL</c>). With <c>TOLLGATE_BOOTSTRAP</c> naming an executable (the
/// published Native AOT <c>bootstrap</c>: scripts/test-native.sh), that runs instead, with no <c>dotnet</c>.
/// </summary>
public static class BootstrapInvoke
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    private static readonly string[] AdapterVariables =
    [
        "AWS_LAMBDA_RUNTIME_API", "TOKEN_ISSUER", "JWKS_URI", "AUDIENCE", "INTROSPECTION_URL", "CLIENT_ID", "CLIENT_SECRET",
        "USE_PHANTOM_TOKEN", "TRUSTED_WEB_ORIGINS", "COOKIE_NAME_PREFIX", "ENCRYPTION_KEY", "ALLOW_TOKEN",
    ];

    /// <summary>The published native executable under test, or null for <c>dotnet bootstrap.dll</c>.</summary>
    public static string? NativeExecutable { get; } =
        System.Environment.GetEnvironmentVariable("TOLLGATE_BOOTSTRAP") is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    public static string DllPath => _dllPath.Value;

    private static readonly Lazy<string> _dllPath = new(FindDll);

    /// <summary>How to start the authorizer: the native executable, or <c>dotnet</c> with bootstrap.dll as its first argument.</summary>
    public static ProcessStartInfo NewStartInfo()
    {
        if (NativeExecutable is { } native)
        {
            if (!File.Exists(native)) throw new FileNotFoundException($"TOLLGATE_BOOTSTRAP names {native}, which does not exist; publish it (deploy/aws/package.sh).");
            return new ProcessStartInfo(native);
        }
        var info = new ProcessStartInfo("dotnet");
        info.ArgumentList.Add(DllPath);
        return info;
    }

    private static string FindDll()
    {
        if (System.Environment.GetEnvironmentVariable("TOLLGATE_BOOTSTRAP_DLL") is { Length: > 0 } configured) return configured;
        var targetFramework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = targetFramework.Parent!.Name;
        for (var dir = targetFramework; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Tollgate.Aws", "bin", configuration, targetFramework.Name, "bootstrap.dll");
            if (File.Exists(Path.Combine(dir.FullName, "Tollgate.slnx")) && File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"bootstrap.dll of src/Tollgate.Aws ({configuration}) not found above {AppContext.BaseDirectory}; build it or set TOLLGATE_BOOTSTRAP_DLL.");
    }

    public static async Task<Result> RunAsync(string eventJson, IReadOnlyDictionary<string, string> environment)
    {
        var start = NewStartInfo();
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (var arg in new[] { "invoke", "--event", "-" }) start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("TOLLGATE_", StringComparison.Ordinal) || AdapterVariables.Contains(k)).ToList())
            start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(eventJson);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
