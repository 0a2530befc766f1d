using System.Text.Json;

namespace Tollgate.Authorizer.Policies.Conditions;

/// <summary>
/// <c>ResourceContainsCondition {value, delimiter}</c>: the request's resource contains the value
/// as a whole delimited part (<c>delimiter + value + delimiter</c> inside
/// <c>delimiter + resource + delimiter</c>, so <c>1</c> is not found in <c>:10:</c>). As in Ladon the
/// context value may be an object <c>{value, delimiter}</c>; a plain string is the value; options
/// give what the context leaves out.
/// </summary>
internal sealed class ResourceContainsCondition(string? value, string delimiter) : ICondition
{
    public bool Fulfills(JsonElement context, PolicyRequest request)
    {
        var (needle, delim) = (value, delimiter);
        switch (context.ValueKind)
        {
            case JsonValueKind.String:
                needle = context.GetString();
                break;
            case JsonValueKind.Object:
                if (context.TryGetProperty("value", out var v)) needle = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                if (context.TryGetProperty("delimiter", out var d)) delim = d.ValueKind == JsonValueKind.String ? d.GetString()! : delimiter;
                break;
            default:
                return false;
        }
        if (string.IsNullOrEmpty(needle)) return false;
        return string.Concat(delim, request.Resource, delim).Contains(string.Concat(delim, needle, delim), StringComparison.Ordinal);
    }
}
