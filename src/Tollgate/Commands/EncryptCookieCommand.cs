using Tollgate.Authorizer.TokenHandler;

namespace Tollgate.Commands;

/// <summary>
/// <c>tollgate encrypt-cookie --key &lt;64 hex&gt; --value &lt;text | -&gt;</c>: prints a token-handler
/// cookie value ("version 1", AES-256-GCM) as an OAuth Agent writes it. <c>-</c> reads the value
/// from stdin (one trailing newline removed), so a token need not appear in the shell history.
/// Exit codes: 0 printed, 2 bad command line.
/// </summary>
public static class EncryptCookieCommand
{
    public const string Usage = "tollgate encrypt-cookie --key <64 hex characters> --value <text | - for stdin>";

    public static int Run(IReadOnlyList<string> args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        string? key = null, value = null;
        for (var i = 0; i < args.Count; i++)
        {
            var target = args[i] switch { "--key" => 0, "--value" => 1, "-h" or "--help" => 2, _ => -1 };
            if (target == 2)
            {
                stdout.WriteLine(Usage);
                return 0;
            }
            if (target < 0 || i + 1 >= args.Count)
            {
                stderr.WriteLine($"tollgate encrypt-cookie: unexpected '{args[i]}'.{Environment.NewLine}Usage: {Usage}");
                return 2;
            }
            if (target == 0) key = args[++i];
            else value = args[++i];
        }
        if (key is null || value is null)
        {
            stderr.WriteLine($"tollgate encrypt-cookie: --key and --value are required.{Environment.NewLine}Usage: {Usage}");
            return 2;
        }
        if (value == "-") value = stdin.ReadToEnd().TrimEnd('\n').TrimEnd('\r');
        try
        {
            stdout.WriteLine(CookieEncryption.Encrypt(value, key));
            return 0;
        }
        catch (FormatException e)
        {
            // The message names the expectation, never the key.
            stderr.WriteLine($"tollgate encrypt-cookie: --key {e.Message}.");
            return 2;
        }
    }
}
