using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.Cli.Output;

/// <summary>
/// Writes answers as people read them (aligned tables, or <c>field: value</c> lines for one item)
/// or as scripts read them (<c>--format json</c>: the server's JSON, indented; <c>yaml</c>).
/// </summary>
public sealed class Renderer(TextWriter stdout, string format)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Format => format;

    public void List(IReadOnlyList<JsonNode> items, IReadOnlyList<Column> columns)
    {
        if (format != "table")
        {
            Structured(new JsonArray(items.Select(i => i.DeepClone()).ToArray()));
            return;
        }
        var rows = items.Select(item => columns.Select(c => c.Cell(item)).ToArray()).ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Header.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        stdout.WriteLine(Line(columns.Select(c => c.Header.ToUpperInvariant()).ToArray(), widths));
        foreach (var row in rows) stdout.WriteLine(Line(row, widths));
    }

    /// <summary>One item: every field on its own line in table format, so nothing is cut.</summary>
    public void Item(JsonNode item)
    {
        if (format != "table")
        {
            Structured(item);
            return;
        }
        if (item is not JsonObject fields)
        {
            stdout.WriteLine(Column.Show(item));
            return;
        }
        var width = fields.Max(f => f.Key.Length);
        foreach (var (key, value) in fields) stdout.WriteLine($"{(key + ":").PadRight(width + 1)} {Column.Show(value)}".TrimEnd());
    }

    public void Message(string text)
    {
        if (format == "table") stdout.WriteLine(text);
    }

    /// <summary>A nested answer: JSON, or YAML (also for the table format when <paramref name="yamlForTable"/>: nested data reads best so).</summary>
    public void Structured(JsonNode node, bool yamlForTable = false)
    {
        if (format == "yaml" || (yamlForTable && format == "table")) stdout.Write(ToYaml(node));
        else stdout.WriteLine(node.ToJsonString(Indented));
    }

    /// <summary>YAML; strings that would read back as numbers, booleans or null are quoted, so the text reads back as the same JSON.</summary>
    public static string ToYaml(JsonNode? node) => Yaml.FromJson(node);

    private static string Line(string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) line.Append("  ");
            line.Append(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i]));
        }
        return line.ToString().TrimEnd();
    }
}
