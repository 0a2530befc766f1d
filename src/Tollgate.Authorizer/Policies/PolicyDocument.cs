using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tollgate.Authorizer.Policies;

/// <summary>
/// Policies as JSON, the shape Ladon and Hydra used, inside <c>{"policies": [...]}</c> (the feed
/// and a policies file):
/// <code>
/// {"policies": [{"id": "orders-read", "subjects": ["reporting"], "effect": "allow",
///   "actions": ["read"], "resources": ["resources:orders:&lt;.*&gt;"],
///   "conditions": {"remoteIPAddress": {"type": "CIDRCondition", "options": {"cidr": "10.0.0.0/8"}}}}]}
/// </code>
/// Read and written through a source-generated context (no reflection; Native AOT safe).
/// </summary>
public static class PolicyDocument
{
    public const string Empty = "{\"policies\":[]}";

    /// <exception cref="PolicyException">The file is missing or unreadable, or holds invalid policies.</exception>
    public static PolicySet Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { throw new PolicyException([$"{path}: {ex.Message}"]); }
        return PolicySet.Compile(Parse(text));
    }

    /// <exception cref="PolicyException">Not JSON of this shape, or an effect that is neither allow nor deny.</exception>
    public static IReadOnlyList<Policy> Parse(string json)
    {
        PolicyListEntry? document;
        try { document = JsonSerializer.Deserialize(json, PolicyJsonContext.Default.PolicyListEntry); }
        catch (JsonException ex) { throw new PolicyException([$"JSON: {ex.Message}"]); }
        if (document?.Policies is not { } entries) throw new PolicyException(["the document has no 'policies' list"]);
        var errors = new List<string>();
        var policies = new List<Policy>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            if (ToPolicy(entries[i], out var error) is { } policy) policies.Add(policy);
            else errors.Add($"policies[{i}]: {error}");
        }
        if (errors.Count > 0) throw new PolicyException(errors);
        return policies;
    }

    public static string Write(IEnumerable<Policy> policies)
        => JsonSerializer.Serialize(new PolicyListEntry { Policies = [.. policies.Select(FromPolicy)] }, PolicyJsonContext.Default.PolicyListEntry);

    /// <summary>"allow" or "deny" (any case); null otherwise.</summary>
    public static PolicyEffect? ParseEffect(string? effect) => effect?.ToLowerInvariant() switch
    {
        "allow" => PolicyEffect.Allow,
        "deny" => PolicyEffect.Deny,
        _ => null,
    };

    public static string EffectName(PolicyEffect effect) => effect == PolicyEffect.Deny ? "deny" : "allow";

    private static Policy? ToPolicy(PolicyEntry? entry, out string? error)
    {
        error = null;
        if (entry is null) { error = "empty entry"; return null; }
        if (ParseEffect(entry.Effect ?? "allow") is not { } effect) { error = $"effect '{entry.Effect}' must be 'allow' or 'deny'"; return null; }
        return new Policy
        {
            Id = entry.Id ?? "",
            Description = entry.Description,
            Subjects = entry.Subjects ?? [],
            Effect = effect,
            Resources = entry.Resources ?? [],
            Actions = entry.Actions ?? [],
            Conditions = (entry.Conditions ?? []).ToDictionary(c => c.Key, c => new PolicyCondition(c.Value?.Type ?? "", c.Value?.Options ?? default), StringComparer.Ordinal),
        };
    }

    private static PolicyEntry FromPolicy(Policy p) => new()
    {
        Id = p.Id,
        Description = p.Description,
        Subjects = [.. p.Subjects],
        Effect = EffectName(p.Effect),
        Resources = [.. p.Resources],
        Actions = [.. p.Actions],
        Conditions = p.Conditions.Count == 0 ? null
            : p.Conditions.ToDictionary(c => c.Key, c => (ConditionEntry?)new ConditionEntry { Type = c.Value.Type, Options = c.Value.Options.ValueKind == JsonValueKind.Undefined ? null : c.Value.Options }),
    };
}

internal sealed class PolicyListEntry
{
    public List<PolicyEntry?>? Policies { get; set; }
}

internal sealed class PolicyEntry
{
    public string? Id { get; set; }
    public string? Description { get; set; }
    public List<string>? Subjects { get; set; }
    public string? Effect { get; set; }
    public List<string>? Resources { get; set; }
    public List<string>? Actions { get; set; }
    public Dictionary<string, ConditionEntry?>? Conditions { get; set; }
    /// <summary>Free JSON for the operator; the engine ignores it.</summary>
    public JsonElement? Meta { get; set; }
}

internal sealed class ConditionEntry
{
    public string? Type { get; set; }
    public JsonElement? Options { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(PolicyListEntry))]
[JsonSerializable(typeof(string))]
internal sealed partial class PolicyJsonContext : JsonSerializerContext;
