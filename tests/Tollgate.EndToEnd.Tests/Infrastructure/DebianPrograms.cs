namespace Tollgate.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real gateway programs the tests run (nginx, caddy, haproxy): found on PATH or in the sbin
/// directories, else installed with apt-get when running as root (CI runs as root). Never a skip:
/// a machine that can have neither fails the test, naming what to install.
/// </summary>
public static class DebianPrograms
{
    private static readonly SemaphoreSlim AptLock = new(1, 1);
    private static bool _updated;

    /// <param name="packages">Packages to try in turn (the first that installs wins), e.g. nginx-light then nginx.</param>
    public static async Task<string> FindOrInstallAsync(string program, params string[] packages)
    {
        if (Find(program) is { } found) return found;
        if (Environment.UserName != "root")
            throw new InvalidOperationException($"{program} is not installed and the tests are not running as root; install it: apt-get install -y {packages[0]}");
        await AptLock.WaitAsync();
        try
        {
            if (Find(program) is { } installed) return installed;
            var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
            if (!_updated)
            {
                var update = await ServiceProcess.RunAsync("apt-get", ["update", "-qq"], env, timeoutSeconds: 300);
                if (update.ExitCode != 0) throw new InvalidOperationException($"apt-get update failed: {update.Output}");
                _updated = true;
            }
            var output = "";
            foreach (var package in packages)
            {
                var install = await ServiceProcess.RunAsync("apt-get", ["install", "-y", "-qq", package], env, timeoutSeconds: 300);
                if (install.ExitCode == 0) break;
                output += install.Output;
            }
            return Find(program) ?? throw new InvalidOperationException($"apt-get install {string.Join(" or ", packages)} did not give {program} on PATH or in /usr/sbin: {output}");
        }
        finally
        {
            AptLock.Release();
        }
    }

    private static string? Find(string program)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin", "/usr/bin", $"/usr/local/{program}/sbin"])
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
}
