using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Cli.Connection;
using Tollgate.Cli.Output;

namespace Tollgate.Cli.Resources;

/// <summary>
/// <c>tollgate routes get|set</c> over <c>/admin/apis/{id}/routes</c>: an API's route rules, one
/// document replaced whole (the authorizer's rules format, JSON or YAML).
/// </summary>
public static class RoutesCommands
{
    private static readonly Column[] Columns =
    [
        new("route", r => r["route"] is { } route ? Column.Show(route) : $"{Column.Show(r["method"])} {Column.Show(r["path"])}".Trim()),
        new("requires", r => r["anonymous"] is JsonValue a && a.TryGetValue<bool>(out var anon) && anon ? "anonymous"
            : r["deny"] is JsonValue d && d.TryGetValue<bool>(out var deny) && deny ? "deny"
            : r["any"] is JsonArray any ? "any of " + Column.Show(any)
            : "all of " + Column.Show(r["scopes"] ?? r["all"])),
    ];

    public static Command Create(ServerVerbs verbs)
    {
        var api = new Argument<string>("api") { Description = "The API's id or identifier." };
        var file = new Option<FileInfo>("--file", "-f") { Description = "The rules document: {\"rules\": [...]} as JSON or YAML.", Required = true };

        string Path(ParseResult p) => $"/admin/apis/{ServerVerbs.Segment(p.GetRequiredValue(api))}/routes";

        return ServerVerbs.Group("routes", "An API's route rules: which scopes each method and path needs.",
            verbs.Verb("get", "Show an API's route rules.", "tollgate routes get https://contacts.example",
                async (p, server, output, ct) =>
                {
                    var (doc, failure) = await server.AdminAsync(HttpMethod.Get, Path(p), null, ct);
                    if (failure is not null || doc is null) return failure;
                    if (output.Format == "table") output.List((doc["rules"] as JsonArray ?? []).OfType<JsonNode>().ToList(), Columns);
                    else output.Structured(doc);
                    return null;
                }, api),
            verbs.Verb("set", "Replace an API's route rules with a file's.", "tollgate routes set https://contacts.example -f contacts-routes.yaml",
                async (p, server, output, ct) =>
                {
                    var (doc, error) = ReadDocument(p.GetRequiredValue(file));
                    if (doc is null) return error;
                    var (stored, failure) = await server.AdminAsync(HttpMethod.Put, Path(p), doc, ct);
                    if (failure is null) output.Message($"Set {(stored?["rules"] as JsonArray)?.Count ?? 0} route rules on {p.GetRequiredValue(api)}.");
                    return failure;
                }, api, file));
    }

    /// <summary>A JSON or YAML file as JSON; a parse error names the file and line.</summary>
    public static (JsonNode? Document, CliFailure? Error) ReadDocument(FileInfo file)
    {
        if (!file.Exists) return (null, new CliFailure(ExitCodes.Usage, $"{file.FullName} does not exist."));
        var text = File.ReadAllText(file.FullName);
        try
        {
            return (text.TrimStart().StartsWith('{') ? JsonNode.Parse(text) : Yaml.ToJson(text), null);
        }
        catch (JsonException e)
        {
            return (null, new CliFailure(ExitCodes.Usage, $"{file.Name}:{(e.LineNumber ?? 0) + 1}: {e.Message}"));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            return (null, new CliFailure(ExitCodes.Usage, $"{file.Name}:{e.Start.Line}: {e.Message}"));
        }
    }
}
