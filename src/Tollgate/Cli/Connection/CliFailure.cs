namespace Tollgate.Cli.Connection;

/// <summary>A failed operation as a value: the exit code for its class and the lines telling the user what was wrong.</summary>
public sealed record CliFailure(int ExitCode, string Message, IReadOnlyList<string> Details)
{
    public CliFailure(int exitCode, string message) : this(exitCode, message, []) { }

    /// <summary>The HTTP status that caused it, when the server answered.</summary>
    public System.Net.HttpStatusCode? Status { get; init; }

    public int WriteTo(TextWriter stderr)
    {
        stderr.WriteLine($"tollgate: {Message}");
        foreach (var line in Details) stderr.WriteLine($"  {line}");
        return ExitCode;
    }
}
