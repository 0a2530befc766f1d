using System.CommandLine;

namespace Tollgate.Cli;

/// <summary>
/// The <c>tollgate</c> command line: the hosts (<c>serve</c>, <c>gateway</c>), the admin verbs over
/// the admin API, the token helpers and declarative <c>export</c>/<c>apply</c>. Exit codes are
/// <see cref="ExitCodes"/>; docs/cli.md lists every verb.
/// </summary>
public static class TollgateCli
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation = default)
        => RunAsync(args, new CliContext { Stdout = stdout, Stderr = stderr }, cancellation);

    public static async Task<int> RunAsync(string[] args, CliContext cli, CancellationToken cancellation = default)
    {
        var root = Build(cli);
        // No response files: "@name" is a valid value here (a client name), and the hosts' flags go
        // to ASP.NET Core as typed.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var invocation = new InvocationConfiguration
        {
            Output = cli.Stdout,
            Error = cli.Stderr,
            // The hosts handle SIGTERM themselves (graceful Kestrel shutdown); the CLI verbs are short.
            ProcessTerminationTimeout = null,
            // A bug should be reported, but a stack trace is no answer to a user: print one line.
            EnableDefaultExceptionHandler = false,
        };
        if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            // Every error, then where to look: the whole help page would bury the one line that matters.
            foreach (var error in parse.Errors) cli.Stderr.WriteLine($"tollgate: {error.Message}");
            var verb = string.Join(' ', CommandPath(parse.CommandResult));
            cli.Stderr.WriteLine($"Try 'tollgate {(verb.Length > 0 ? verb + " " : "")}--help'.");
            return ExitCodes.Usage;
        }
        try
        {
            return await parse.InvokeAsync(invocation, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            cli.Stderr.WriteLine("tollgate: cancelled.");
            return ExitCodes.Failure;
        }
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult? result)
    {
        var names = new Stack<string>();
        for (var r = result; r is not null && r.Command is not RootCommand; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Push(r.Command.Name);
        return names;
    }

    public static RootCommand Build(CliContext cli)
    {
        var root = new RootCommand("tollgate: an OAuth 2.0 client-credentials server, its gateway authorizer, and their admin command line.\n" +
                                   "Docs: docs/cli.md. Exit codes: 0 ok, 1 failure, 2 usage, 3 auth failed, 4 not found, 5 conflict, 6 invalid, 7 unreachable, 8 refused.")
        {
            HostCommands.Serve(cli),
            HostCommands.Gateway(cli),
            HostCommands.Migrate(cli),
            EncryptCookieCommand.Create(cli),
        };
        var connection = new Connection.ConnectionOptions();
        connection.AddTo(root);
        var verbs = new ServerVerbs(cli, connection);
        root.Add(LoginCommand.Create(verbs));
        root.Add(Resources.ApisCommands.Create(verbs));
        root.Add(Resources.ClientsCommands.Create(verbs));
        root.Add(Resources.GrantsCommands.Create(verbs));
        root.Add(Resources.RoutesCommands.Create(verbs));
        root.Add(Resources.KeysCommands.Create(verbs));
        root.Add(Resources.RevocationsCommands.Create(verbs));
        root.Add(Resources.AuditCommands.Create(verbs));
        foreach (var helper in TokenCommands.Create(verbs)) root.Add(helper);
        foreach (var inspect in InspectCommands.Create(verbs)) root.Add(inspect);
        root.Add(ExportCommand.Create(verbs));
        root.Add(Apply.ApplyCommand.Create(verbs));
        return root;
    }
}
