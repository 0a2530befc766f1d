using Tollgate.EndToEnd.Tests.Infrastructure;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// deploy/systemd: the unit parses, is hardened (systemd's own exposure score, offline), and runs the
/// executable with the state directory as the data directory.
/// </summary>
public sealed class DeployFilesTests
{
    private static string Unit => Path.Combine(RepoPaths.Root, "deploy", "systemd", "tollgate.service");

    [Fact]
    public async Task SystemdUnit_IsHardened_ExposureAtMost2()
    {
        var (code, output) = await ServiceProcess.RunAsync("systemd-analyze", ["security", "--offline=true", "--no-pager", Unit]);
        Assert.True(code == 0, output);
        var line = output.Split('\n').Single(l => l.Contains("Overall exposure level", StringComparison.Ordinal));
        var score = double.Parse(line.Split(':')[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(score <= 2.0, line);
    }

    [Fact]
    public async Task SystemdUnit_Parses_AndKeepsItsDataInTheStateDirectory()
    {
        var (_, output) = await ServiceProcess.RunAsync("systemd-analyze", ["verify", "--no-pager", Unit]);
        // The one complaint allowed: the executable is not installed on the test machine.
        var complaints = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains("/usr/local/bin/tollgate is not executable", StringComparison.Ordinal)).ToList();
        Assert.True(complaints.Count == 0, string.Join('\n', complaints));
        var text = await File.ReadAllTextAsync(Unit);
        Assert.Contains("ExecStart=/usr/local/bin/tollgate serve --Tollgate:DataDirectory=${STATE_DIRECTORY}", text);
        foreach (var setting in new[] { "DynamicUser=yes", "StateDirectory=tollgate", "ProtectSystem=strict", "NoNewPrivileges=yes" })
            Assert.Contains(setting, text.Split('\n'));
    }
}
