using System.CommandLine;
using Tollgate.Cli.Connection;

namespace Tollgate.Cli;

/// <summary>
/// <c>tollgate login</c>: checks the credentials by getting an admin token, then writes the
/// profile (0600). The secret comes from stdin or TOLLGATE_CLIENT_SECRET, so the documented
/// examples never put it on a command line.
/// </summary>
public static class LoginCommand
{
    public static Command Create(ServerVerbs verbs)
    {
        var stdin = new Option<bool>("--client-secret-stdin") { Description = "Read the secret from stdin (one line)." };
        var command = new Command("login", "Check admin credentials and save them as the profile (" + Profile.FileName + ", mode 0600) for later commands.\n\n" +
                                  "Example:\n  jq -r .client_secret data/root-client.json | tollgate login --endpoint http://127.0.0.1:5000 --client-id tollgate-root --client-secret-stdin")
        {
            stdin,
        };
        var cli = verbs.Cli;
        command.SetAction(async (parse, cancellation) =>
        {
            var connection = verbs.Connection;
            var endpoint = parse.GetValue(connection.Endpoint) ?? cli.Environment("TOLLGATE_ENDPOINT");
            var clientId = parse.GetValue(connection.ClientId) ?? cli.Environment("TOLLGATE_CLIENT_ID") ?? "tollgate-root";
            var secret = parse.GetValue(stdin) ? cli.Stdin.ReadLine()?.Trim() : parse.GetValue(connection.ClientSecret) ?? cli.Environment("TOLLGATE_CLIENT_SECRET");
            if (string.IsNullOrEmpty(endpoint)) return new CliFailure(ExitCodes.Usage, "login needs --endpoint URL (or TOLLGATE_ENDPOINT).").WriteTo(cli.Stderr);
            if (string.IsNullOrEmpty(secret)) return new CliFailure(ExitCodes.Usage, "login needs the secret: --client-secret-stdin, or TOLLGATE_CLIENT_SECRET.").WriteTo(cli.Stderr);
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                return new CliFailure(ExitCodes.Usage, $"--endpoint must be an absolute http(s) URL, not '{endpoint}'.").WriteTo(cli.Stderr);

            var credentials = new Credentials(endpoint.TrimEnd('/'), clientId, secret);
            var (_, failure) = await ServerClient.Create(credentials, cli).AdminTokenAsync(fresh: true, cancellation);
            if (failure is not null) return failure.WriteTo(cli.Stderr);
            new Profile(credentials.Endpoint, clientId, secret).Save(cli.ConfigDirectory);
            cli.Stdout.WriteLine($"Logged in to {credentials.Endpoint} as {clientId}; profile {Path.Combine(cli.ConfigDirectory, Profile.FileName)}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
