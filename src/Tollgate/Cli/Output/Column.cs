using System.Text.Json.Nodes;

namespace Tollgate.Cli.Output;

/// <summary>One column of a table: its header and how to show a cell from an item.</summary>
public sealed record Column(string Header, Func<JsonNode, string> Cell)
{
    /// <summary>A column showing one field: strings as they are, arrays space-separated, objects as JSON.</summary>
    public static Column Field(string header, string field) => new(header, item => Show(item[field]));

    public static string Show(JsonNode? node) => node switch
    {
        null => "",
        JsonArray array => string.Join(' ', array.Select(e => e is JsonObject o && o["value"] is { } v ? Show(v) : Show(e))),
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonValue value => value.ToJsonString(),
        _ => node.ToJsonString(),
    };
}
