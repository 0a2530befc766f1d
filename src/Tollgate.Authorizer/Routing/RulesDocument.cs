using System.Text.Json.Serialization;

namespace Tollgate.Authorizer.Routing;

/// <summary>A rules file as written (JSON or YAML), before <see cref="RouteRulesFile"/> checks it.</summary>
internal sealed class RulesDocument
{
    public List<RuleEntry?>? Rules { get; set; }
    /// <summary>Method → action for policy-governed rules; replaces the default mapping whole.</summary>
    public Dictionary<string, string>? Actions { get; set; }
    /// <summary>The API takes DPoP-bound tokens only.</summary>
    [JsonPropertyName("require_dpop")]
    public bool RequireDpop { get; set; }
    /// <summary>Request rate limits per client of the API.</summary>
    [JsonPropertyName("rate_limit")]
    public RateLimitEntry? RateLimit { get; set; }
}

/// <summary>A <c>rate_limit</c> as written: the default for every client, and per-client overrides of the same shape (without <c>clients</c>).</summary>
internal sealed class RateLimitEntry
{
    [JsonPropertyName("requests_per_second")]
    public double? RequestsPerSecond { get; set; }
    public int? Burst { get; set; }
    public Dictionary<string, RateLimitEntry?>? Clients { get; set; }
}

/// <summary>One entry of a rules file, as written.</summary>
internal sealed class RuleEntry
{
    public string? Route { get; set; }
    public string? Method { get; set; }
    public string? Path { get; set; }
    public List<string>? All { get; set; }
    public List<string>? Any { get; set; }
    public List<string>? Scopes { get; set; }
    public bool Deny { get; set; }
    public bool Anonymous { get; set; }
    public string? Action { get; set; }
    public string? Resource { get; set; }
}

/// <summary>Source-generated reader of the JSON form: no reflection, so it works trimmed and in Native AOT.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(RulesDocument))]
internal sealed partial class RulesJsonContext : JsonSerializerContext;
