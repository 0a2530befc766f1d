using System.Text.Json.Nodes;

namespace Tollgate.Cli.Tests.Infrastructure;

/// <summary>One CLI run: exit code and both streams.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonNode Json => JsonNode.Parse(Stdout) ?? throw new InvalidOperationException("empty output");

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
