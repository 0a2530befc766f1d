using System.Text.Json;
using Tollgate.Authorizer.Policies;
using Tollgate.Core.Policies;

namespace Tollgate.Server.Policies;

/// <summary>Stored policies → the engine's: the conditions JSON becomes typed conditions, with errors by wire field.</summary>
public static class EnginePolicies
{
    public static Policy ToEngine(AccessPolicy p, List<(string Field, string Message)>? problems = null) => new()
    {
        Id = p.Id,
        Description = p.Description,
        Subjects = p.Subjects,
        Effect = p.Effect == AccessPolicy.Deny ? PolicyEffect.Deny : PolicyEffect.Allow,
        Resources = p.Resources,
        Actions = p.Actions,
        Conditions = Conditions(p.Conditions, problems),
    };

    private static Dictionary<string, PolicyCondition> Conditions(string json, List<(string, string)>? problems)
    {
        var conditions = new Dictionary<string, PolicyCondition>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            problems?.Add(("conditions", "must be a JSON object"));
            return conditions;
        }
        foreach (var entry in document.RootElement.EnumerateObject())
        {
            var value = entry.Value;
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                problems?.Add(($"conditions.{entry.Name}", "must be an object {\"type\": \"…Condition\", \"options\": {…}}"));
                continue;
            }
            var options = value.TryGetProperty("options", out var o) ? o.Clone() : default;
            conditions[entry.Name] = new PolicyCondition(type.GetString()!, options);
        }
        return conditions;
    }
}

/// <summary>The admin API's check of a policy, by the engine that will run it.</summary>
public sealed class EnginePolicyChecker : IPolicyChecker
{
    public IReadOnlyList<(string Field, string Message)> Check(AccessPolicy policy)
    {
        var problems = new List<(string Field, string Message)>();
        var engine = EnginePolicies.ToEngine(policy, problems);
        problems.AddRange(PolicySet.Validate(engine));
        return problems;
    }
}
