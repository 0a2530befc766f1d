using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Cli.Output;

/// <summary>
/// YAML read as JSON nodes (plain scalars that look like numbers or booleans become them; quoted ones stay
/// strings), and JSON written as YAML through YamlDotNet's emitter (events, no reflection: the native executable has none).
/// </summary>
public static class Yaml
{
    public static JsonNode? ToJson(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    public static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", Convert(c.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value;
        if (scalar.Style is not YamlDotNet.Core.ScalarStyle.Plain) return value;
        if (value is null or "~" or "null" or "") return null;
        if (value is "true" or "false") return value == "true";
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        // YAML 1.2 core schema floats (0.5, 1e3); not .inf or .nan, which no setting takes.
        if (value.Any(char.IsAsciiDigit) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
        return value;
    }

    public static string FromJson(JsonNode? node)
    {
        var text = new StringWriter();
        var emitter = new Emitter(text);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, node);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                emitter.Emit(new MappingStart());
                foreach (var (key, value) in o)
                {
                    Text(emitter, key);
                    Emit(emitter, value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonArray a:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, SequenceStyle.Any));
                foreach (var item in a) Emit(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case null:
                Plain(emitter, "null");
                break;
            case JsonValue v when v.TryGetValue<string>(out var s):
                Text(emitter, s);
                break;
            case JsonValue v when v.TryGetValue<bool>(out var b):
                Plain(emitter, b ? "true" : "false");
                break;
            default:
                Plain(emitter, node.ToJsonString());   // a number as JSON writes it
                break;
        }
    }

    private static void Plain(IEmitter emitter, string value)
        => emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));

    /// <summary>A string: quoted when a YAML reader would take it, plain, for a null, a boolean or a number.</summary>
    private static void Text(IEmitter emitter, string value)
        => emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, ReadsAsAnotherType(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any,
            isPlainImplicit: true, isQuotedImplicit: true));

    private static bool ReadsAsAnotherType(string value)
    {
        var lower = value.ToLowerInvariant();
        return lower is "" or "~" or "null" or "true" or "false" or "yes" or "no" or "on" or "off" or "y" or "n" or ".inf" or "-.inf" or "+.inf" or ".nan"
               || lower.StartsWith("0x", StringComparison.Ordinal) || lower.StartsWith("0o", StringComparison.Ordinal)
               || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    }
}
