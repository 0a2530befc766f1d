using System.Text.Json;
using Tollgate.Authorizer.Decisions;

namespace Tollgate.Aws.Local;

/// <summary>
/// A decision written as JSON, for <c>invoke --decision</c>: shows how the adapter renders a given
/// decision for a given event, without an engine, keys or tokens. Property names as in
/// <see cref="Decision"/>, camelCase (any case accepted):
/// <code>{"kind":"Allow","reason":"allowed","principal":"svc","scopes":["read:contacts"],"claims":{"jti":"…"},
///  "requiredScopes":[],"allowedRoutes":[{"method":"GET","pathPattern":"/contacts/{id}"}],"deniedRoutes":[],"forwardToken":null}</code>
/// </summary>
public static class DecisionDocument
{
    public static Decision Parse(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A decision is a JSON object.");
        }
        var decision = new Decision { Kind = DecisionKind.Unauthorized, Reason = "" };
        var kindSeen = false;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name.ToLowerInvariant())
            {
                case "kind":
                    decision = decision with { Kind = ParseKind(value) };
                    kindSeen = true;
                    break;
                case "reason": decision = decision with { Reason = Text(value) ?? "" }; break;
                case "principal": decision = decision with { Principal = Text(value) }; break;
                case "forwardtoken": decision = decision with { ForwardToken = Text(value) }; break;
                case "scopes": decision = decision with { Scopes = Strings(value) }; break;
                case "requiredscopes": decision = decision with { RequiredScopes = Strings(value) }; break;
                case "claims": decision = decision with { Claims = Claims(value) }; break;
                case "allowedroutes": decision = decision with { AllowedRoutes = Routes(value, "allowedRoutes") }; break;
                case "deniedroutes": decision = decision with { DeniedRoutes = Routes(value, "deniedRoutes") }; break;
            }
        }
        return kindSeen ? decision : throw new JsonException("kind is required (Allow, Forbidden or Unauthorized).");
    }

    private static DecisionKind ParseKind(JsonElement value) => Text(value)?.ToLowerInvariant() switch
    {
        "allow" => DecisionKind.Allow,
        "forbidden" => DecisionKind.Forbidden,
        "unauthorized" => DecisionKind.Unauthorized,
        _ => throw new JsonException($"kind must be Allow, Forbidden or Unauthorized; got {value.GetRawText()}."),
    };

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => throw new JsonException($"Expected a string, got {value.GetRawText()}."),
    };

    private static List<string> Strings(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(v => Text(v) ?? "").ToList()
        : throw new JsonException($"Expected an array of strings, got {value.GetRawText()}.");

    private static Dictionary<string, string> Claims(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("claims is an object of strings.");
        }
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var claim in value.EnumerateObject())
        {
            claims[claim.Name] = Text(claim.Value) ?? "";
        }
        return claims;
    }

    private static List<AllowedRoute> Routes(JsonElement value, string name)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException($"{name} is an array of {{method, pathPattern}}.");
        }
        var routes = new List<AllowedRoute>();
        foreach (var route in value.EnumerateArray())
        {
            string? method = null, pattern = null;
            foreach (var property in route.EnumerateObject())
            {
                if (property.Name.Equals("method", StringComparison.OrdinalIgnoreCase))
                {
                    method = Text(property.Value);
                }
                else if (property.Name.Equals("pathPattern", StringComparison.OrdinalIgnoreCase))
                {
                    pattern = Text(property.Value);
                }
            }
            routes.Add(new AllowedRoute(method ?? "*", pattern ?? throw new JsonException($"Each route in {name} needs a pathPattern.")));
        }
        return routes;
    }
}
