using System.Diagnostics;

namespace Tollgate.Aws.Tests.TestSupport;

/// <summary>
/// Runs the built <c>bootstrap.dll</c> as a real process (as users and Lambda do), or the published
/// executable <c>TOLLGATE_BOOTSTRAP</c> names (the Native AOT build: scripts/test-native.sh).
/// </summary>
public static class BootstrapProcess
{
    /// <summary>Variables the adapter reads: cleared so the machine's environment cannot leak into a test.</summary>
    private static readonly string[] AdapterVariables =
    [
        "AWS_LAMBDA_RUNTIME_API", "TOKEN_ISSUER", "JWKS_URI", "AUDIENCE", "INTROSPECTION_URL", "CLIENT_ID", "CLIENT_SECRET",
        "USE_PHANTOM_TOKEN", "TRUSTED_WEB_ORIGINS", "COOKIE_NAME_PREFIX", "ENCRYPTION_KEY", "AWS_LAMBDA_FUNCTION_NAME",
    ];

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null,
        string? stdin = null, TimeSpan? timeout = null)
    {
        using var process = Process.Start(StartInfo(args, environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
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

    /// <summary>The bootstrap with these arguments, only <paramref name="environment"/>'s adapter variables, every stream redirected.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var native = Environment.GetEnvironmentVariable("TOLLGATE_BOOTSTRAP") is { Length: > 0 } path ? Path.GetFullPath(path) : null;
        if (native is not null && !File.Exists(native)) throw new FileNotFoundException($"TOLLGATE_BOOTSTRAP names {native}, which does not exist.");
        var start = new ProcessStartInfo(native ?? DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (native is null)
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bootstrap.dll"));
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("TOLLGATE_", StringComparison.Ordinal) || AdapterVariables.Contains(k)).ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        return start;
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
