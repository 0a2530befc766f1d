using Tollgate.Authorizer.TokenHandler;
using Tollgate.Cli.Tests.Infrastructure;

namespace Tollgate.Cli.Tests;

/// <summary>Command-line mistakes: exit 2 with the error and where to look, and nothing sent.</summary>
public sealed class UsageTests
{
    private static async Task<CliResult> RunAsync(string? stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await TollgateCli.RunAsync(args, new CliContext { Stdout = stdout, Stderr = stderr, Stdin = new StringReader(stdin ?? ""), Environment = _ => null });
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("apis", "frobnicate")]
    [InlineData("grants", "create", "reader")]
    [InlineData("keys", "rotate", "--alg", "HS256")]
    [InlineData("apis", "list", "--format", "xml")]
    [InlineData("apply", "--dry-run")]
    public async Task BadCommandLine_ExitsTwoWithTheErrorAndAHelpHint(params string[] args)
    {
        var result = await RunAsync(null, args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("tollgate: ", result.Stderr);
        Assert.Contains("--help", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Theory]
    [InlineData("apis", "create", "--help")]
    [InlineData("clients", "secrets", "add", "--help")]
    [InlineData("grants", "create", "--help")]
    [InlineData("keys", "rotate", "--help")]
    [InlineData("revocations", "token", "--help")]
    [InlineData("routes", "set", "--help")]
    [InlineData("apply", "--help")]
    public async Task Help_OnAVerb_ShowsAnExample(params string[] args)
    {
        var result = await RunAsync(null, args);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Example:", result.Stdout);
        Assert.Contains("tollgate " + args[0], result.Stdout);
    }

    [Fact]
    public async Task EncryptCookie_InProcess_ValueFromStdinDecrypts()
    {
        const string key = "7b99279ab87533d3c238db874a842a91ee26a76027f3c03c317504963d2c9926";
        var result = await RunAsync("tgat_token\n", "encrypt-cookie", "--key", key, "--value", "-");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("tgat_token", CookieEncryption.Decrypt(result.Stdout.Trim(), key));
    }
}
