using Contacts.Tests.Infrastructure;

namespace Contacts.Tests.Nginx;

/// <summary>The template, the render script and the committed example.</summary>
public sealed class NginxConfigTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "contacts-render-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task NginxTest_RenderedConfig_Passes()
    {
        var nginx = await NginxBinary.GetAsync();
        await NginxGateway.RenderAsync(_dir, "127.0.0.1:18080", "127.0.0.1:5000", "127.0.0.1:5080");

        var result = await ChildProcess.RunAsync(nginx, ["-t", "-p", _dir, "-c", Path.Combine(_dir, "nginx.conf"), "-e", Path.Combine(_dir, "logs", "error.log")]);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("test is successful", result.Output);
    }

    [Fact]
    public async Task Render_Settings_FillsEveryPlaceholderAndCreatesDirectories()
    {
        await NginxGateway.RenderAsync(_dir, "127.0.0.1:18080", "127.0.0.1:15000", "127.0.0.1:15080", "urn:example:contacts");

        var config = await File.ReadAllTextAsync(Path.Combine(_dir, "nginx.conf"));
        Assert.DoesNotContain("${", config);
        Assert.Contains("listen 127.0.0.1:18080;", config);
        Assert.Contains("server 127.0.0.1:15000;", config);
        Assert.Contains("server 127.0.0.1:15080;", config);
        Assert.Contains("proxy_set_header X-Tollgate-Audience \"urn:example:contacts\";", config);
        Assert.True(Directory.Exists(Path.Combine(_dir, "logs")));
        Assert.True(Directory.Exists(Path.Combine(_dir, "tmp")));
    }

    [Theory]
    [InlineData("LISTEN_PORT", "80; include /etc/passwd")]
    [InlineData("TOLLGATE_UPSTREAM", "127.0.0.1")]
    [InlineData("CONTACTS_UPSTREAM", "host|evil:80")]
    [InlineData("API_AUDIENCE", "https://contacts.example\"; include /etc/passwd; #")]
    [InlineData("API_AUDIENCE", "https://$host")]
    [InlineData("API_AUDIENCE", "contacts")]
    [InlineData("TOKEN_HANDLER", "yes")]
    public async Task Render_BadSetting_FailsNamingIt(string name, string value)
    {
        var env = new Dictionary<string, string> { [name] = value };

        var result = await ChildProcess.RunAsync("bash", [Path.Combine(RepoPaths.NginxDeploy, "render.sh"), _dir], env);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(name, result.Output);
        Assert.False(File.Exists(Path.Combine(_dir, "nginx.conf")));
    }

    [Fact]
    public async Task Render_DefaultSettings_MatchesCommittedExample()
    {
        var env = new Dictionary<string, string>
        {
            ["LISTEN_PORT"] = "8080", ["TOLLGATE_UPSTREAM"] = "127.0.0.1:5000", ["CONTACTS_UPSTREAM"] = "127.0.0.1:5080",
            ["API_AUDIENCE"] = "https://contacts.example",
        };

        var rendered = await ChildProcess.RunAsync("bash", [Path.Combine(RepoPaths.NginxDeploy, "render.sh"), "-"], env);

        var committed = await File.ReadAllLinesAsync(Path.Combine(RepoPaths.NginxDeploy, "nginx.conf"));
        Assert.StartsWith("# Rendered example", committed[0]);
        Assert.Equal(string.Join('\n', committed.Skip(1)), rendered.Output.TrimEnd('\n'));
    }

    [Fact]
    public async Task Render_TokenHandlerOn_KeepsTheMarkedLinesAndPassesNginxTest_OffDropsThem()
    {
        var nginx = await NginxBinary.GetAsync();
        var render = Path.Combine(RepoPaths.NginxDeploy, "render.sh");
        var on = await ChildProcess.RunAsync("bash", [render, _dir], new Dictionary<string, string> { ["TOKEN_HANDLER"] = "on", ["LISTEN_PORT"] = "127.0.0.1:18081" });
        var off = await ChildProcess.RunAsync("bash", [render, "-"], new Dictionary<string, string> { ["TOKEN_HANDLER"] = "off" });

        Assert.True(on.ExitCode == 0, on.Output);
        var config = await File.ReadAllTextAsync(Path.Combine(_dir, "nginx.conf"));
        Assert.DoesNotMatch(@"(?m)^\s*#th#", config);
        Assert.Contains("location = /_tollgate_preflight {", config);
        Assert.Contains("rewrite ^ /_tollgate_preflight? last;", config);
        Assert.Contains("add_header Access-Control-Allow-Origin      $tollgate_cors_origin always;", config);
        Assert.Contains("proxy_set_header Cookie \"\";", config);
        var test = await ChildProcess.RunAsync(nginx, ["-t", "-p", _dir, "-c", Path.Combine(_dir, "nginx.conf"), "-e", Path.Combine(_dir, "logs", "error.log")]);
        Assert.True(test.ExitCode == 0, test.Output);

        Assert.Equal(0, off.ExitCode);
        Assert.DoesNotContain("_tollgate_preflight", off.Output);
        Assert.DoesNotContain("Access-Control", off.Output);
        Assert.DoesNotMatch(@"(?m)^\s*#th#", off.Output);
    }
}
