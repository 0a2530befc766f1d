using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Authorizer.Routing;

/// <summary>
/// Reads the YAML form into the same <see cref="RulesDocument"/> as the JSON form, through YamlDotNet's
/// representation model (parser and node tree), not its object deserializer: the deserializer finds
/// properties by reflection and compiles code at run time, which neither trimming nor Native AOT allows.
/// The shape is a dozen keys, so walking the nodes by hand is short and gives every error its line.
/// Scalars follow YAML 1.2's core schema: <c>true</c>/<c>false</c> are booleans, <c>~</c>, <c>null</c>
/// and nothing are null, anything else is a string.
/// </summary>
internal static class RulesYamlReader
{
    private static readonly string Keys = "route, method, path, all, any, scopes, deny, anonymous, action, resource";

    /// <exception cref="YamlException">Not YAML, or not the rules shape (with the offending node's position).</exception>
    public static RulesDocument? Read(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode)) return null;
        if (stream.Documents[0].RootNode is not YamlMappingNode root) throw Error(stream.Documents[0].RootNode, "the document must be a mapping with a 'rules' list");
        var document = new RulesDocument();
        foreach (var (key, value) in root.Children)
        {
            switch (Name(key))
            {
                case "rules":
                    if (IsNull(value)) continue;
                    if (value is not YamlSequenceNode list) throw Error(value, "'rules' must be a list");
                    document.Rules = list.Children.Select(Entry).ToList();
                    break;
                case "actions":
                    if (IsNull(value)) continue;
                    if (value is not YamlMappingNode actions) throw Error(value, "'actions' must map methods to actions, e.g. {GET: read}");
                    document.Actions = actions.Children.ToDictionary(a => Name(a.Key), a => String(a.Key, a.Value) ?? throw Error(a.Value, $"the action of '{Name(a.Key)}' must not be empty"));
                    break;
                case "require_dpop":
                    document.RequireDpop = value is YamlScalarNode { Value: "true" or "false" } flag
                        ? flag.Value == "true"
                        : throw Error(value, "'require_dpop' must be true or false");
                    break;
                case "rate_limit":
                    if (IsNull(value)) continue;
                    document.RateLimit = RateLimit(value, "rate_limit", clients: true);
                    break;
                case var other:
                    throw Error(key, $"unknown key '{other}' (the document has 'rules', 'actions', 'require_dpop' and 'rate_limit')");
            }
        }
        return document;
    }

    private static RuleEntry? Entry(YamlNode node)
    {
        if (IsNull(node)) return null;
        if (node is not YamlMappingNode map) throw Error(node, "a rule must be a mapping (route, scopes, ...)");
        var entry = new RuleEntry();
        foreach (var (key, value) in map.Children)
        {
            switch (Name(key))
            {
                case "route": entry.Route = String(key, value); break;
                case "method": entry.Method = String(key, value); break;
                case "path": entry.Path = String(key, value); break;
                case "all": entry.All = Strings(key, value); break;
                case "any": entry.Any = Strings(key, value); break;
                case "scopes": entry.Scopes = Strings(key, value); break;
                case "deny": entry.Deny = Boolean(key, value); break;
                case "anonymous": entry.Anonymous = Boolean(key, value); break;
                case "action": entry.Action = String(key, value); break;
                case "resource": entry.Resource = String(key, value); break;
                case var other: throw Error(key, $"unknown key '{other}' (expected one of {Keys})");
            }
        }
        return entry;
    }

    private static RateLimitEntry RateLimit(YamlNode node, string field, bool clients)
    {
        if (node is not YamlMappingNode map) throw Error(node, $"'{field}' must be a mapping, e.g. {{requests_per_second: 50, burst: 100}}");
        var entry = new RateLimitEntry();
        foreach (var (key, value) in map.Children)
        {
            switch (Name(key))
            {
                case "requests_per_second":
                    entry.RequestsPerSecond = String(key, value) is { } rate && double.TryParse(rate, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                        ? parsed
                        : throw Error(value, $"'{field}.requests_per_second' must be a number");
                    break;
                case "burst":
                    entry.Burst = String(key, value) is { } burst && int.TryParse(burst, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count)
                        ? count
                        : throw Error(value, $"'{field}.burst' must be a whole number");
                    break;
                case "clients" when clients:
                    if (value is not YamlMappingNode byClient) throw Error(value, $"'{field}.clients' must map client ids to limits");
                    entry.Clients = byClient.Children.ToDictionary(c => Name(c.Key), c => IsNull(c.Value) ? null : RateLimit(c.Value, $"{field}.clients.{Name(c.Key)}", clients: false));
                    break;
                case var other:
                    throw Error(key, $"unknown key '{field}.{other}' (expected requests_per_second, burst{(clients ? ", clients" : "")})");
            }
        }
        return entry;
    }

    private static string Name(YamlNode key) =>
        key is YamlScalarNode { Value: { } name } ? name : throw Error(key, "every key must be a plain string");

    private static string? String(YamlNode key, YamlNode value) => value switch
    {
        _ when IsNull(value) => null,
        YamlScalarNode scalar => scalar.Value,
        _ => throw Error(value, $"'{Name(key)}' must be a string"),
    };

    private static List<string>? Strings(YamlNode key, YamlNode value) => value switch
    {
        _ when IsNull(value) => null,
        YamlSequenceNode list => list.Children.Select(item => String(key, item) ?? throw Error(item, $"'{Name(key)}' must not hold an empty item")).ToList(),
        _ => throw Error(value, $"'{Name(key)}' must be a list of scopes, e.g. [read:contacts]"),
    };

    private static bool Boolean(YamlNode key, YamlNode value) => value is YamlScalarNode { Value: { } text } && bool.TryParse(text, out var flag)
        ? flag
        : throw Error(value, $"'{Name(key)}' must be true or false");

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static YamlException Error(YamlNode node, string message) => new(node.Start, node.End, message);
}
