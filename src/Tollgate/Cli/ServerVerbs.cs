using System.CommandLine;
using Tollgate.Cli.Connection;
using Tollgate.Cli.Output;

namespace Tollgate.Cli;

/// <summary>
/// What every verb that talks to a server shares: resolving the connection, a renderer for
/// <c>--format</c>, and turning a <see cref="CliFailure"/> into its message and exit code.
/// </summary>
public sealed class ServerVerbs(CliContext cli, ConnectionOptions connection)
{
    public CliContext Cli => cli;

    public ConnectionOptions Connection => connection;

    public delegate Task<CliFailure?> Run(ParseResult parse, ServerClient server, Renderer output, CancellationToken cancellation);

    public Command Verb(string name, string description, string example, Run run, params Symbol[] symbols)
    {
        var command = new Command(name, $"{description}\n\nExample:\n  {example}");
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Option option: command.Add(option); break;
                case Argument argument: command.Add(argument); break;
            }
        }
        command.SetAction(async (parse, cancellation) =>
        {
            var (credentials, error) = connection.Resolve(parse, cli);
            if (credentials is null) return new CliFailure(ExitCodes.Usage, error!).WriteTo(cli.Stderr);
            var server = ServerClient.Create(credentials, cli);
            var failure = await run(parse, server, new Renderer(cli.Stdout, parse.GetValue(connection.Format) ?? "table"), cancellation);
            return failure?.WriteTo(cli.Stderr) ?? ExitCodes.Ok;
        });
        return command;
    }

    public static Command Group(string name, string description, params Command[] verbs)
    {
        var group = new Command(name, description);
        foreach (var verb in verbs) group.Add(verb);
        return group;
    }

    /// <summary>A path segment: ids may be identifiers (URLs), so always escaped.</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);
}
