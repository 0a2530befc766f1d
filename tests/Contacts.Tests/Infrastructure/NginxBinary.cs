namespace Contacts.Tests.Infrastructure;

/// <summary>
/// The nginx executable: from PATH or /usr/sbin, installed with apt-get (nginx-light) on a fresh
/// machine when the tests run as root. Found or installed once per test run.
/// </summary>
public static class NginxBinary
{
    private static readonly Lazy<Task<string>> Path = new(FindOrInstallAsync);

    public static Task<string> GetAsync() => Path.Value;

    private static async Task<string> FindOrInstallAsync()
    {
        if (Find() is { } found) return found;
        if (Environment.UserName != "root")
            throw new InvalidOperationException("nginx is not installed and the tests are not running as root; install it: apt-get install -y nginx-light");

        var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        var update = await ChildProcess.RunAsync("apt-get", ["update", "-qq"], env, timeoutSeconds: 300);
        if (update.ExitCode != 0) throw new InvalidOperationException($"apt-get update failed: {update.Output}");
        var install = await ChildProcess.RunAsync("apt-get", ["install", "-y", "-qq", "nginx-light"], env, timeoutSeconds: 300);
        if (install.ExitCode != 0) // newer Debian and Ubuntu releases ship only "nginx"
            install = await ChildProcess.RunAsync("apt-get", ["install", "-y", "-qq", "nginx"], env, timeoutSeconds: 300);
        if (install.ExitCode != 0) throw new InvalidOperationException($"apt-get install nginx failed: {install.Output}");
        return Find() ?? throw new InvalidOperationException("nginx was installed but is not on PATH or in /usr/sbin.");
    }

    private static string? Find()
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin", "/usr/local/nginx/sbin"]);
        return dirs.Select(d => System.IO.Path.Combine(d, "nginx")).FirstOrDefault(File.Exists);
    }
}
