using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tollgate.Authorizer.Policies.Conditions;

/// <summary><c>StringEqualCondition {equals}</c>: the value is a string equal to <c>equals</c>.</summary>
internal sealed class StringEqualCondition(string equals) : ICondition
{
    public bool Fulfills(JsonElement value, PolicyRequest request)
        => value.ValueKind == JsonValueKind.String && value.ValueEquals(equals);
}

/// <summary>
/// <c>StringMatchCondition {matches}</c>: the value is a string the regex finds a match in
/// (unanchored, as in Ladon; write <c>^…$</c> for a whole match). Runs without backtracking.
/// </summary>
internal sealed class StringMatchCondition(Regex matches) : ICondition
{
    public bool Fulfills(JsonElement value, PolicyRequest request)
        => value.ValueKind == JsonValueKind.String && matches.IsMatch(value.GetString()!);
}

/// <summary><c>EqualsSubjectCondition</c>: the value is a string equal to the request's subject.</summary>
internal sealed class EqualsSubjectCondition : ICondition
{
    public bool Fulfills(JsonElement value, PolicyRequest request)
        => value.ValueKind == JsonValueKind.String && value.ValueEquals(request.Subject);
}

/// <summary><c>StringPairsEqualCondition</c>: the value is a list of two-string lists, each pair equal.</summary>
internal sealed class StringPairsEqualCondition : ICondition
{
    public bool Fulfills(JsonElement value, PolicyRequest request)
    {
        if (value.ValueKind != JsonValueKind.Array) return false;
        foreach (var pair in value.EnumerateArray())
        {
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2) return false;
            var (a, b) = (pair[0], pair[1]);
            if (a.ValueKind != JsonValueKind.String || b.ValueKind != JsonValueKind.String) return false;
            if (!string.Equals(a.GetString(), b.GetString(), StringComparison.Ordinal)) return false;
        }
        return true;
    }
}

/// <summary><c>BooleanCondition {value}</c>: the value is a boolean equal to <c>value</c>.</summary>
internal sealed class BooleanCondition(bool expected) : ICondition
{
    public bool Fulfills(JsonElement value, PolicyRequest request)
        => value.ValueKind is JsonValueKind.True or JsonValueKind.False && value.GetBoolean() == expected;
}
