using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.Cli.Apply;

/// <summary>
/// Reads one entry of a configuration file field by field, collecting every problem with its path
/// instead of stopping at the first: a wrong type, an unknown field, a missing one.
/// </summary>
public sealed class FieldReader(FileErrors errors)
{
    public int ErrorCount => errors.Count;

    public void Error(string path, string message) => errors.Add(path, message);

    /// <summary>The entry as an object whose fields are all known; null (and an error) when it is not an object.</summary>
    public JsonObject? Entry(JsonNode? node, string path, IReadOnlyList<string> known, string? hint = null)
    {
        if (node is not JsonObject entry)
        {
            Error(path, "must be a mapping (field: value).");
            return null;
        }
        foreach (var (name, _) in entry)
        {
            if (known.Contains(name)) continue;
            Error(SourceMap.Child(path, name), name == "client_secret"
                ? "secrets never go in the configuration file: leave client_secret out (apply prints a new client's secret once, or writes it to --secrets-out)."
                : $"unknown field '{name}'; expected one of: {string.Join(", ", known)}.{hint}");
        }
        return entry;
    }

    public string? String(JsonObject entry, string field, string path, bool required = false)
    {
        var at = SourceMap.Child(path, field);
        switch (entry[field])
        {
            case null when required: Error(path, $"{field} is required."); return null;
            case null: return null;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String: return v.GetValue<string>();
            default: Error(at, "must be a string (quote it)."); return null;
        }
    }

    public int? Int(JsonObject entry, string field, string path)
    {
        switch (entry[field])
        {
            case null: return null;
            case JsonValue v when v.TryGetValue<int>(out var i): return i;
            default: Error(SourceMap.Child(path, field), "must be a whole number of seconds."); return null;
        }
    }

    public bool? Bool(JsonObject entry, string field, string path)
    {
        switch (entry[field])
        {
            case null: return null;
            case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False: return v.GetValue<bool>();
            default: Error(SourceMap.Child(path, field), "must be true or false."); return null;
        }
    }

    public List<string>? Strings(JsonObject entry, string field, string path, bool required = false)
    {
        var at = SourceMap.Child(path, field);
        switch (entry[field])
        {
            case null when required: Error(path, $"{field} is required (a list)."); return null;
            case null: return null;
            case JsonArray list:
                var values = new List<string>();
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String) values.Add(v.GetValue<string>());
                    else Error(SourceMap.Item(at, i), "must be a string.");
                }
                return values;
            default: Error(at, "must be a list of strings."); return null;
        }
    }

    public JsonArray? List(JsonObject entry, string field, string path)
    {
        switch (entry[field])
        {
            case null: return null;
            case JsonArray list: return list;
            default: Error(SourceMap.Child(path, field), "must be a list."); return null;
        }
    }

    /// <summary>A JSON object kept as its raw text (metadata, jwks).</summary>
    public string? Object(JsonObject entry, string field, string path)
    {
        switch (entry[field])
        {
            case null: return null;
            case JsonObject o: return o.ToJsonString();
            default: Error(SourceMap.Child(path, field), "must be a mapping."); return null;
        }
    }

    /// <summary>The server's own field errors (<c>scopes[1].value</c>), placed under the entry's path.</summary>
    public void Server(IReadOnlyDictionary<string, string[]> fieldErrors, string path)
    {
        foreach (var (field, messages) in fieldErrors.OrderBy(e => e.Key, StringComparer.Ordinal))
            foreach (var message in messages)
                Error(field is "$" or "" ? path : SourceMap.Child(path, field), message);
    }
}
