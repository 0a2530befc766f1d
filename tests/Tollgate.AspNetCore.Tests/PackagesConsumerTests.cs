using System.Diagnostics;
using Tollgate.AspNetCore.Tests.Infrastructure;

namespace Tollgate.AspNetCore.Tests;

/// <summary>
/// scripts/consume-packages.sh: packs the NuGet packages, restores tests/packages/Consumer from
/// artifacts/packages (no project reference) and runs it against this real Tollgate server.
/// </summary>
public sealed class PackagesConsumerTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Consumer_FromThePackedPackages_GetsATokenAndIsAllowedThenForbidden()
    {
        var root = RepositoryRoot();
        var info = new ProcessStartInfo("bash") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("scripts/consume-packages.sh");
        info.Environment["TOLLGATE_ISSUER"] = server.Host.Issuer;
        info.Environment["TOLLGATE_AUDIENCE"] = server.Audience;
        info.Environment["API_CLIENT_ID"] = server.ApiClient.Id;
        info.Environment["API_CLIENT_SECRET"] = server.ApiClient.Secret;
        info.Environment["CALLER_ID"] = server.Caller.Id;
        info.Environment["CALLER_SECRET"] = server.Caller.Secret;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        var output = $"{await stdout}\n{await stderr}";
        Assert.True(process.ExitCode == 0, output);
        Assert.Contains($"/contacts 200 contacts for {server.Caller.Id}; /admin 403", output);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tollgate.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("Tollgate.slnx not found above the test binaries");
    }
}
