using System.CommandLine;
using Tollgate.Authorizer.TokenHandler;

namespace Tollgate.Cli;

/// <summary>
/// <c>tollgate encrypt-cookie --key &lt;64 hex&gt; --value &lt;text | -&gt;</c>: prints a token-handler
/// cookie value ("version 1", AES-256-GCM) as an OAuth Agent writes it. <c>-</c> reads the value
/// from stdin (one trailing newline removed), so a token need not appear in the shell history.
/// Exit codes: 0 printed, 2 bad command line or key.
/// </summary>
public static class EncryptCookieCommand
{
    public static Command Create(CliContext cli)
    {
        var key = new Option<string>("--key") { Description = "The cookie encryption key: 64 hex characters (32 bytes).", Required = true };
        var value = new Option<string>("--value") { Description = "The text to encrypt (a token), or - to read it from stdin.", Required = true };
        var command = new Command("encrypt-cookie", "Print a token-handler cookie value, as an OAuth Agent writes it.\n\nExample:\n  tollgate encrypt-cookie --key $KEY --value - <<< \"$TOKEN\"")
        {
            key, value,
        };
        command.SetAction(parse => Run(parse.GetRequiredValue(key), parse.GetRequiredValue(value), cli));
        return command;
    }

    private static int Run(string key, string value, CliContext cli)
    {
        if (value == "-") value = cli.Stdin.ReadToEnd().TrimEnd('\n').TrimEnd('\r');
        try
        {
            cli.Stdout.WriteLine(CookieEncryption.Encrypt(value, key));
            return ExitCodes.Ok;
        }
        catch (FormatException e)
        {
            // The message names the expectation, never the key.
            cli.Stderr.WriteLine($"tollgate encrypt-cookie: --key {e.Message}.");
            return ExitCodes.Usage;
        }
    }
}
