using Tollgate.Authorizer.Decisions;

namespace Tollgate.Aws.Rendering;

/// <summary>
/// The <c>context</c> map passed to the integration (<c>$context.authorizer.*</c>): flat string
/// values only, since a nested value makes a REST API answer 500. (A plain dictionary, not a sorted
/// one: SortedDictionary's generic code is not precompiled and costs cold-start JIT time.)
/// </summary>
public static class AuthorizerContext
{
    public const string ClientId = "client_id";
    public const string Scope = "scope";
    public const string Reason = "reason";
    public const string RequiredScope = "required_scope";
    public const string Authorization = "authorization";
    public const string PolicyId = "policy_id";

    public static IReadOnlyDictionary<string, string> Build(Decision decision)
    {
        var context = new Dictionary<string, string>(decision.Claims.Count + 4, StringComparer.Ordinal);
        foreach (var (name, value) in decision.Claims)
        {
            // "authorization" is only ever what we set below, never a claim of that name.
            if (!string.IsNullOrEmpty(name) && value is not null && name != Authorization)
            {
                context[name] = value;
            }
        }
        if (decision.Principal is { } principal)
        {
            context.TryAdd(ClientId, principal);
        }
        if (decision.Scopes.Count > 0)
        {
            context[Scope] = string.Join(' ', decision.Scopes);
        }
        context[Reason] = decision.Reason;
        if (decision.Kind == DecisionKind.Forbidden && decision.RequiredScopes.Count > 0)
        {
            context[RequiredScope] = string.Join(' ', decision.RequiredScopes);
        }
        if (decision.PolicyId is { } policy)
        {
            context[PolicyId] = policy;
        }
        if (decision.Kind == DecisionKind.Allow && !string.IsNullOrEmpty(decision.ForwardToken))
        {
            context[Authorization] = "Bearer " + decision.ForwardToken;
        }
        return context;
    }
}
