using System.CommandLine;
using Tollgate.Cli.Output;

namespace Tollgate.Cli;

/// <summary>
/// <c>tollgate export</c>: the server's configuration (APIs with scopes and route rules, clients
/// without secrets, grants) as YAML (default) or JSON, stably ordered and without server-made ids
/// or timestamps, so two exports of the same state are byte-identical and diff well in git.
/// <c>tollgate apply</c> reads the same document (<see cref="ServerState"/>).
/// </summary>
public static class ExportCommand
{
    public static Command Create(ServerVerbs verbs)
    {
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of stdout." };
        return verbs.Verb("export", "Write the server's configuration as YAML (or --format json): APIs, scopes, routes, clients (no secrets), grants.",
            "tollgate export -o tollgate.yaml",
            async (p, server, renderer, ct) =>
            {
                var (state, failure) = await ServerState.FetchAsync(server, ct);
                if (state is null) return failure;
                var document = state.ToDocument();
                var text = renderer.Format == "json" ? document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n" : Renderer.ToYaml(document);
                if (p.GetValue(output) is { } file) File.WriteAllText(file.FullName, text);
                else verbs.Cli.Stdout.Write(text);
                return null;
            }, output);
    }
}
