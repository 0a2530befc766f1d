using System.Diagnostics;
using Tollgate.Authorizer.TokenHandler;
using Tollgate.Interop.Tests.Infrastructure;

namespace Tollgate.Interop.Tests;

/// <summary><c>tollgate encrypt-cookie</c> as a real process: what an operator or a test script gets.</summary>
public sealed class EncryptCookieCliTests
{
    private const string Key = "7b99279ab87533d3c238db874a842a91ee26a76027f3c03c317504963d2c9926";

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(TollgateProcess.DllPath);
        start.ArgumentList.Add("encrypt-cookie");
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task EncryptCookie_ValueArgument_PrintsACookieTheProxyDecrypts()
    {
        var (exit, stdout, _) = await RunAsync(null, "--key", Key, "--value", "tgat_opaque-token");

        Assert.Equal(0, exit);
        Assert.Equal("tgat_opaque-token", CookieEncryption.Decrypt(stdout.Trim(), Key));
    }

    [Fact]
    public async Task EncryptCookie_ValueFromStdin_DropsTheTrailingNewline()
    {
        var (exit, stdout, _) = await RunAsync("eyJ.payload.sig\n", "--key", Key, "--value", "-");

        Assert.Equal(0, exit);
        Assert.Equal("eyJ.payload.sig", CookieEncryption.Decrypt(stdout.Trim(), Key));
    }

    [Fact]
    public async Task EncryptCookie_BadKey_ExitsTwoNamingTheExpectationNotTheKey()
    {
        var (exit, stdout, stderr) = await RunAsync(null, "--key", "secret-but-not-hex", "--value", "x");

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains("64 hexadecimal", stderr);
        Assert.DoesNotContain("secret-but-not-hex", stderr);
    }
}
