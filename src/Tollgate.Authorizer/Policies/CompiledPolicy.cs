using Tollgate.Authorizer.Policies.Conditions;

namespace Tollgate.Authorizer.Policies;

/// <summary>A policy with its entries and conditions compiled, ready to match without allocating.</summary>
internal sealed class CompiledPolicy(Policy policy, Template[] subjects, Template[] actions, Template[] resources, (string Key, ICondition Condition)[] conditions)
{
    public Policy Policy { get; } = policy;
    public string Id => Policy.Id;
    public bool Denies => Policy.Effect == PolicyEffect.Deny;
    public Template[] Subjects { get; } = subjects;
    public Template[] Resources { get; } = resources;

    public bool Matches(PolicyRequest request)
        => Any(actions, request.Action) && Any(Subjects, request.Subject) && Any(Resources, request.Resource) && Fulfilled(request);

    private bool Fulfilled(PolicyRequest request)
    {
        foreach (var (key, condition) in conditions)
        {
            // A condition whose key the request does not carry fails (Ladon).
            if (!request.Context.TryGetValue(key, out var value) || !condition.Fulfills(value, request)) return false;
        }
        return true;
    }

    private static bool Any(Template[] templates, string value)
    {
        foreach (var t in templates)
            if (t.Matches(value)) return true;
        return false;
    }
}
