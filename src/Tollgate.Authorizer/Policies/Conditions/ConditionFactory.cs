using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tollgate.Authorizer.Policies.Conditions;

/// <summary>Compiles a condition by its Ladon type name; an unknown type or bad option is an error at write time.</summary>
internal static class ConditionFactory
{
    public static readonly IReadOnlyList<string> Types =
    [
        "StringEqualCondition", "StringMatchCondition", "CIDRCondition", "EqualsSubjectCondition",
        "StringPairsEqualCondition", "ResourceContainsCondition", "BooleanCondition",
    ];

    public static ICondition? Create(PolicyCondition condition, out string? error)
    {
        error = null;
        var options = condition.Options;
        if (options.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            error = "options must be a JSON object";
            return null;
        }
        switch (condition.Type)
        {
            case "StringEqualCondition":
                return String(options, "equals", out error) is { } equals ? new StringEqualCondition(equals) : null;
            case "StringMatchCondition":
                if (String(options, "matches", out error) is not { } matches) return null;
                try { return new StringMatchCondition(new Regex(matches, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)); }
                catch (Exception e) when (e is ArgumentException or NotSupportedException) { error = $"options.matches is not a supported regular expression: {e.Message}"; return null; }
            case "CIDRCondition":
                if (String(options, "cidr", out error) is not { } cidr) return null;
                if (IPNetwork.TryParse(cidr, out var network)) return new CidrCondition(network);
                error = $"options.cidr '{cidr}' is not a network in CIDR notation (e.g. 10.0.0.0/8), with no bits set past the prefix";
                return null;
            case "EqualsSubjectCondition":
                return new EqualsSubjectCondition();
            case "StringPairsEqualCondition":
                return new StringPairsEqualCondition();
            case "ResourceContainsCondition":
                var value = Optional(options, "value", ref error);
                var delimiter = Optional(options, "delimiter", ref error);
                return error is null ? new ResourceContainsCondition(value, delimiter ?? "") : null;
            case "BooleanCondition":
                if (options.ValueKind == JsonValueKind.Object && options.TryGetProperty("value", out var b) && b.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    return new BooleanCondition(b.GetBoolean());
                error = "options.value must be true or false";
                return null;
            default:
                error = $"unknown condition type '{condition.Type}'; known: {string.Join(", ", Types)}";
                return null;
        }
    }

    private static string? String(JsonElement options, string name, out string? error)
    {
        error = null;
        if (options.ValueKind == JsonValueKind.Object && options.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String) return v.GetString();
        error = $"options.{name} must be a string";
        return null;
    }

    private static string? Optional(JsonElement options, string name, ref string? error)
    {
        if (options.ValueKind != JsonValueKind.Object || !options.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.String) return v.GetString();
        error = $"options.{name} must be a string";
        return null;
    }
}
