using System.Text;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Cli.Apply;

/// <summary>
/// Where each value of a configuration file starts (line and column, from 1), by its path
/// (<c>clients[1].client_id</c>), so an error can point at the line. The JSON and YAML parsers
/// report positions only for syntax errors, so the map is built by walking the parsed file:
/// YamlDotNet's node marks, or Utf8JsonReader's byte offsets.
/// </summary>
public sealed class SourceMap
{
    private readonly Dictionary<string, (int Line, int Column)> _positions = new(StringComparer.Ordinal);

    /// <summary>The first key repeated within one JSON object (YAML's parser refuses those itself).</summary>
    public string? Duplicate { get; private set; }

    /// <summary>Where <see cref="Duplicate"/> appears the second time.</summary>
    public (int Line, int Column) DuplicateAt { get; private set; }

    /// <summary>The position of <paramref name="path"/>, else of its nearest parent that has one.</summary>
    public (int Line, int Column)? Find(string path)
    {
        for (var p = path; ; p = Parent(p))
        {
            if (_positions.TryGetValue(p, out var at)) return at;
            if (p.Length == 0) return null;
        }
    }

    public static string Child(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    public static string Item(string parent, int index) => $"{parent}[{index}]";

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }

    public static SourceMap FromYaml(YamlNode root)
    {
        var map = new SourceMap();
        map.Walk(root, "");
        return map;
    }

    private void Walk(YamlNode node, string path)
    {
        _positions[path] = ((int)node.Start.Line, (int)node.Start.Column);
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var child = Child(path, (key as YamlScalarNode)?.Value ?? "");
                    Walk(value, child);
                    // An error about a field points at its key: the value may be lines further down.
                    _positions[child] = ((int)key.Start.Line, (int)key.Start.Column);
                }
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++) Walk(sequence.Children[i], Item(path, i));
                break;
        }
    }

    public static SourceMap FromJson(byte[] utf8)
    {
        var map = new SourceMap();
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++) if (utf8[i] == '\n') lineStarts.Add(i + 1);

        // One frame per open container: its path, whether it is an array, and the next item's index.
        var frames = new Stack<(string Path, bool Array, int Next)>();
        string? property = null;
        var propertyAt = 0;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                property = reader.GetString();
                propertyAt = (int)reader.TokenStartIndex;
                var key = Child(frames.Peek().Path, property ?? "");
                if (map.Duplicate is null && map._positions.ContainsKey(key)) (map.Duplicate, map.DuplicateAt) = (key, Position(utf8, lineStarts, propertyAt));
                continue;
            }
            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                frames.Pop();
                continue;
            }
            string path;
            var at = (int)reader.TokenStartIndex;
            if (frames.Count == 0) path = "";
            else if (frames.Peek().Array)
            {
                var top = frames.Pop();
                path = Item(top.Path, top.Next);
                frames.Push(top with { Next = top.Next + 1 });
            }
            else
            {
                path = Child(frames.Peek().Path, property ?? "");
                at = propertyAt;
            }
            map._positions[path] = Position(utf8, lineStarts, at);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                frames.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
        }
        return map;
    }

    private static (int Line, int Column) Position(byte[] utf8, List<int> lineStarts, int offset)
    {
        var line = lineStarts.BinarySearch(offset);
        if (line < 0) line = ~line - 1;
        return (line + 1, Encoding.UTF8.GetCharCount(utf8, lineStarts[line], offset - lineStarts[line]) + 1);
    }
}
