using Tollgate.EndToEnd.Tests.Infrastructure;

namespace Tollgate.EndToEnd.Tests;

/// <summary>deploy/caddy and deploy/haproxy pass their program's own configuration check, as a user would run it first.</summary>
public sealed class GatewayTemplateTests
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["LISTEN_PORT"] = "18080", ["LISTEN_ADDRESS"] = "127.0.0.1:18080", ["TOLLGATE_UPSTREAM"] = "127.0.0.1:15000",
        ["CONTACTS_UPSTREAM"] = "127.0.0.1:15080", ["API_AUDIENCE"] = "https://contacts.example",
        ["TOLLGATE_DECISIONS_URL"] = "http://127.0.0.1:15000/decisions", ["TOLLGATE_LUA"] = Path.Combine(RepoPaths.Root, "deploy", "haproxy", "tollgate-auth.lua"),
    };

    [Fact]
    public async Task Caddyfile_IsValid_AndFormatted()
    {
        var caddy = await DebianPrograms.FindOrInstallAsync("caddy", "caddy");
        var file = Path.Combine(RepoPaths.Root, "deploy", "caddy", "Caddyfile");
        var home = Directory.CreateTempSubdirectory("tollgate-caddy-check-").FullName;
        try
        {
            var env = new Dictionary<string, string>(Settings) { ["HOME"] = home, ["XDG_CONFIG_HOME"] = home, ["XDG_DATA_HOME"] = home };
            var (code, output) = await ServiceProcess.RunAsync(caddy, ["validate", "--config", file, "--adapter", "caddyfile"], env);
            Assert.True(code == 0, output);
            Assert.Contains("Valid configuration", output);
            var (_, formatted) = await ServiceProcess.RunAsync(caddy, ["fmt", file], env);
            Assert.Equal((await File.ReadAllTextAsync(file)).TrimEnd(), formatted.TrimEnd());
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task HaproxyConfig_PassesTheCheck()
    {
        var haproxy = await DebianPrograms.FindOrInstallAsync("haproxy", "haproxy");
        var (code, output) = await ServiceProcess.RunAsync(haproxy, ["-c", "-f", Path.Combine(RepoPaths.Root, "deploy", "haproxy", "haproxy.cfg")], Settings);
        Assert.True(code == 0, output);
        Assert.Contains("Configuration file is valid", output);
        Assert.DoesNotContain("WARNING", output, StringComparison.OrdinalIgnoreCase);
    }
}
