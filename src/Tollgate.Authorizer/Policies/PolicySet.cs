using Tollgate.Authorizer.Policies.Conditions;

namespace Tollgate.Authorizer.Policies;

/// <summary>
/// A compiled, immutable set of policies. <see cref="Evaluate"/> looks at the policies indexed
/// under the request's subject (exact subjects) or under a subject template, narrowed by the
/// literal prefix of their resources, so 10,000 policies cost about what 10 do. Any matching
/// deny wins; otherwise a matching allow permits; otherwise the request is denied by default.
/// </summary>
public sealed class PolicySet
{
    private readonly Dictionary<string, PrefixIndex> _bySubject = new(StringComparer.Ordinal);
    private readonly PrefixIndex _templatedSubjects = new();
    private readonly List<CompiledPolicy> _policies = [];

    private PolicySet() { }

    public static PolicySet Empty { get; } = Compile([]);

    public int Count => _policies.Count;
    public IReadOnlyList<Policy> Policies => [.. _policies.Select(p => p.Policy)];

    /// <exception cref="PolicyException">Every invalid policy, listed (<c>policies[i] (id): field: problem</c>).</exception>
    public static PolicySet Compile(IReadOnlyList<Policy> policies)
    {
        var set = new PolicySet();
        var errors = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < policies.Count; i++)
        {
            var policy = policies[i];
            var compiled = Compile(policy, out var problems);
            if (!ids.Add(policy.Id ?? "")) problems.Add(("id", $"'{policy.Id}' is used by an earlier policy"));
            if (problems.Count > 0 || compiled is null)
            {
                errors.AddRange(problems.Select(p => $"policies[{i}] ({policy.Id}): {p.Field}: {p.Message}"));
                continue;
            }
            set.Add(compiled);
        }
        if (errors.Count > 0) throw new PolicyException(errors);
        foreach (var index in set._bySubject.Values) index.Freeze();
        set._templatedSubjects.Freeze();
        return set;
    }

    /// <summary>Every problem with one policy, by field (<c>subjects[0]</c>, <c>conditions.remoteIPAddress</c>…); empty when it compiles.</summary>
    public static IReadOnlyList<(string Field, string Message)> Validate(Policy policy)
    {
        Compile(policy, out var problems);
        return problems;
    }

    public PolicyDecision Evaluate(PolicyRequest request)
    {
        var state = new Evaluation(request);
        if (_bySubject.TryGetValue(request.Subject, out var exact) && !exact.Visit(request.Resource, ref state, Visit))
            return new PolicyDecision(PolicyOutcome.Denied, state.PolicyId);
        if (!_templatedSubjects.Visit(request.Resource, ref state, Visit))
            return new PolicyDecision(PolicyOutcome.Denied, state.PolicyId);
        return state.PolicyId is null ? PolicyDecision.NoMatch : new PolicyDecision(PolicyOutcome.Allowed, state.PolicyId);
    }

    private struct Evaluation(PolicyRequest request)
    {
        public readonly PolicyRequest Request = request;
        /// <summary>The first allow that matched; on a deny, the denying policy.</summary>
        public string? PolicyId;
    }

    private static bool Visit(CompiledPolicy policy, ref Evaluation state)
    {
        if (!policy.Matches(state.Request)) return true;
        if (policy.Denies)
        {
            state.PolicyId = policy.Id;
            return false;   // deny overrides: nothing else can change the answer
        }
        state.PolicyId ??= policy.Id;
        return true;
    }

    private void Add(CompiledPolicy policy)
    {
        _policies.Add(policy);
        foreach (var subject in policy.Subjects)
        {
            PrefixIndex index;
            if (subject.IsExact)
            {
                if (!_bySubject.TryGetValue(subject.Text, out index!)) _bySubject[subject.Text] = index = new PrefixIndex();
            }
            else index = _templatedSubjects;
            foreach (var resource in policy.Resources) index.Add(resource.LiteralPrefix, policy);
        }
    }

    private static CompiledPolicy? Compile(Policy policy, out List<(string Field, string Message)> problems)
    {
        problems = [];
        if (string.IsNullOrWhiteSpace(policy.Id)) problems.Add(("id", "is required"));
        var subjects = Entries(policy.Subjects, "subjects", problems);
        var actions = Entries(policy.Actions, "actions", problems);
        var resources = Entries(policy.Resources, "resources", problems);
        var conditions = new List<(string, ICondition)>();
        foreach (var (key, condition) in policy.Conditions ?? new Dictionary<string, PolicyCondition>())
        {
            if (string.IsNullOrEmpty(key)) { problems.Add(("conditions", "a condition needs a non-empty context key")); continue; }
            if (condition?.Type is not { Length: > 0 }) { problems.Add(($"conditions.{key}", "type is required")); continue; }
            if (ConditionFactory.Create(condition, out var error) is { } compiled) conditions.Add((key, compiled));
            else problems.Add(($"conditions.{key}", error!));
        }
        return problems.Count > 0 ? null : new CompiledPolicy(policy, subjects, actions, resources, [.. conditions]);
    }

    private static Template[] Entries(IReadOnlyList<string>? entries, string field, List<(string, string)> problems)
    {
        if (entries is null || entries.Count == 0)
        {
            problems.Add((field, "must list at least one entry"));
            return [];
        }
        var templates = new List<Template>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            if (string.IsNullOrEmpty(entries[i])) problems.Add(($"{field}[{i}]", "must not be empty"));
            else if (Template.Parse(entries[i], out var error) is { } template) templates.Add(template);
            else problems.Add(($"{field}[{i}]", error!));
        }
        return [.. templates];
    }
}
