using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Cli.Apply;

/// <summary>
/// A configuration file as <c>tollgate export</c> writes it, read as JSON (a <c>.json</c> name or a
/// first character <c>{</c>) or YAML, with the position of every value for error messages.
/// </summary>
public sealed class ConfigurationFile
{
    private ConfigurationFile(string name, JsonObject document, SourceMap map)
    {
        Name = name;
        Document = document;
        Map = map;
    }

    /// <summary>The name errors start with: the path as the user gave it.</summary>
    public string Name { get; }

    /// <summary>The whole file; every value re-parsed by System.Text.Json so it compares by its JSON.</summary>
    public JsonObject Document { get; }

    public SourceMap Map { get; }

    /// <summary>The file, or the one line saying why it cannot be read or parsed (with its line and column).</summary>
    public static (ConfigurationFile? File, string? Error) Read(string path)
    {
        if (!File.Exists(path)) return (null, $"{path}: no such file.");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return (null, $"{path}: {e.Message}"); }

        var text = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
        var json = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith('{');
        JsonNode? root;
        SourceMap map;
        if (json)
        {
            try
            {
                map = SourceMap.FromJson(Encoding.UTF8.GetBytes(text));
                // A repeated key is refused (YAML's parser does the same), not silently the last one.
                if (map.Duplicate is { } duplicate)
                    return (null, $"{path}:{map.DuplicateAt.Line}:{map.DuplicateAt.Column}: {duplicate}: the key appears twice in one object.");
                root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false });
            }
            catch (JsonException e)
            {
                return (null, $"{path}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: not valid JSON: {FirstSentence(e.Message)}");
            }
        }
        else
        {
            var stream = new YamlStream();
            try { stream.Load(new StringReader(text)); }
            catch (YamlDotNet.Core.YamlException e)
            {
                return (null, $"{path}:{e.Start.Line}:{e.Start.Column}: not valid YAML: {e.Message}");
            }
            if (stream.Documents.Count == 0) return (null, $"{path}: the file is empty; it needs at least one of apis, clients, grants.");
            if (stream.Documents.Count > 1) return (null, $"{path}:{stream.Documents[1].RootNode.Start.Line}: one document expected, found {stream.Documents.Count}.");
            var yamlRoot = stream.Documents[0].RootNode;
            try { root = Output.Yaml.Convert(yamlRoot); }
            catch (InvalidCastException) { return (null, $"{path}: every key must be a plain string (a '? [list]' or '? {{map}}' key is not)."); }
            map = SourceMap.FromYaml(yamlRoot);
        }
        if (root is not JsonObject document)
            return (null, $"{path}:1:1: the file must be a mapping with apis, clients and grants (as 'tollgate export' writes it).");
        return (new ConfigurationFile(path, JsonNode.Parse(document.ToJsonString())!.AsObject(), map), null);
    }

    /// <summary><c>file:line:column: path: message</c>, the way compilers point at a mistake.</summary>
    public string Describe(string path, string message)
    {
        var at = Map.Find(path);
        var where = at is { } p ? $"{Name}:{p.Line}:{p.Column}" : Name;
        return path.Length == 0 ? $"{where}: {message}" : $"{where}: {path}: {message}";
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
