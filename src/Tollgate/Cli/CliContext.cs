namespace Tollgate.Cli;

/// <summary>
/// What a command may touch outside itself: its three streams, the environment and the
/// configuration directory. Tests run the CLI in-process with their own.
/// </summary>
public sealed class CliContext
{
    public required TextWriter Stdout { get; init; }
    public required TextWriter Stderr { get; init; }
    public TextReader Stdin { get; init; } = TextReader.Null;

    /// <summary>Whether stderr is a terminal, where progress rewrites one line; tests and pipes get plain lines.</summary>
    public bool StderrIsTerminal { get; init; }

    /// <summary>Reads an environment variable; tests pass a dictionary instead of the process's.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>
    /// Where <c>tollgate login</c> writes the profile and the CLI caches its admin token:
    /// <c>TOLLGATE_CONFIG_DIR</c>, else <c>$XDG_CONFIG_HOME/tollgate</c>, else <c>~/.config/tollgate</c>.
    /// </summary>
    public string ConfigDirectory => Environment("TOLLGATE_CONFIG_DIR") is { Length: > 0 } dir ? dir
        : Environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? Path.Combine(xdg, "tollgate")
        : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".config", "tollgate");
}
