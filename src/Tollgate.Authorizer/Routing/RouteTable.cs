using Tollgate.Authorizer.Caching;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.RateLimiting;
using static Tollgate.Authorizer.Configuration.ValidationError.Codes;

namespace Tollgate.Authorizer.Routing;

/// <summary>
/// A compiled, immutable <see cref="RouteRuleSet"/>: a segment trie matched without allocation.
/// The most specific rule wins — literal beats <c>{param}</c> beats <c>*</c> beats <c>**</c>,
/// segment by segment from the left, then an exact method beats <c>*</c>. Paths with dot segments
/// or encoded slashes match nothing and are refused whatever the default.
/// </summary>
public sealed class RouteTable
{
    private readonly RouteNode _root = new();
    private readonly List<CompiledRule> _rules = [];
    private readonly CompiledRule? _catchAll;
    private readonly BoundedCache<string, RoutePermissions> _permissions = new(4096, StringComparer.Ordinal);

    private IReadOnlyDictionary<string, string> _methodActions = RouteRuleSet.DefaultMethodActions;

    private RouteTable(DefaultAction defaultAction)
    {
        DefaultAction = defaultAction;
        if (defaultAction == DefaultAction.AllowAuthenticated)
            _catchAll = new CompiledRule(RoutePermissions.CatchAll, RoutePattern.Parse("/**", out _)!, -1);
    }

    public static RouteTable Empty { get; } = Compile(RouteRuleSet.Empty);

    public DefaultAction DefaultAction { get; }
    /// <summary>See <see cref="RouteRuleSet.RequireDpop"/>.</summary>
    public bool RequireDpop { get; private init; }
    /// <summary>See <see cref="RouteRuleSet.RateLimits"/>.</summary>
    public RateLimitSet? RateLimits { get; private init; }
    public IReadOnlyList<RouteRule> Rules => [.. _rules.Select(r => r.Rule)];
    public int Count => _rules.Count;

    /// <exception cref="RouteRulesException">Every invalid or clashing rule, listed.</exception>
    public static RouteTable Compile(RouteRuleSet ruleSet, DefaultAction defaultAction = DefaultAction.Deny)
    {
        var table = new RouteTable(defaultAction) { _methodActions = ruleSet.MethodActions, RequireDpop = ruleSet.RequireDpop, RateLimits = ruleSet.RateLimits };
        var errors = new List<ValidationError>();
        void Add(int i, RouteRule rule, string code, string message) => errors.Add(new($"rules[{i}]", code, $"{rule}: {message}"));
        foreach (var (method, action) in ruleSet.MethodActions)
            if (NormalizeMethod(method) is null or "*" || string.IsNullOrWhiteSpace(action)) errors.Add(new("actions", Invalid, $"'{method}' → '{action}' must map an HTTP method to a non-empty action"));
        for (var i = 0; i < ruleSet.Rules.Count; i++)
        {
            var rule = ruleSet.Rules[i];
            var method = NormalizeMethod(rule.Method);
            if (method is null) { Add(i, rule, Invalid, "method must be an HTTP method or '*'"); continue; }
            if (RoutePattern.Parse(rule.Path ?? "", out var error) is not { } pattern) { Add(i, rule, Invalid, error!); continue; }
            if (rule.Access != RuleAccess.Scopes && (rule.AllOf.Count > 0 || rule.AnyOf.Count > 0))
                Add(i, rule, Conflict, $"a {rule.Access.ToString().ToLowerInvariant()} rule cannot also require scopes");

            ResourceTemplate? resource = null;
            if (rule.Resource is not null)
            {
                if (rule.Access != RuleAccess.Scopes) Add(i, rule, Conflict, $"a {rule.Access.ToString().ToLowerInvariant()} rule cannot name a resource");
                resource = ResourceTemplate.Parse(rule.Resource, pattern, out var resourceError);
                if (resource is null) { Add(i, rule, Invalid, $"resource: {resourceError}"); continue; }
            }
            else if (rule.Action is not null) Add(i, rule, Conflict, "'action' needs a 'resource' for the policies to decide on");

            var compiled = new CompiledRule(rule with { Method = method }, pattern, i) { Resource = resource };
            var node = table._root;
            foreach (var segment in pattern.Segments) node = node.Child(segment);
            if (node.Add(compiled) is { } clash) Add(i, rule, Duplicate, $"same method and path shape as rules[{clash.Index}] ({clash.Rule})");
            else table._rules.Add(compiled);
        }
        if (errors.Count > 0) throw new RouteRulesException(errors);
        return table;
    }

    public RouteMatch Match(string method, string path)
    {
        var span = path.AsSpan();
        var end = span.IndexOfAny('?', '#');
        if (end >= 0) span = span[..end];
        if (!IsSafe(span)) return RouteMatch.Invalid;
        return Match(_root, span, method) is { } rule ? new RouteMatch(rule.Rule, false) { Compiled = rule } : RouteMatch.None;
    }

    /// <summary>The action a policy-governed rule without its own asks for on <paramref name="method"/>; null when the mapping has none.</summary>
    public string? ActionFor(string method) => _methodActions.GetValueOrDefault(method);

    /// <summary>What a token with these scopes may call; computed once per distinct scope set.</summary>
    public RoutePermissions PermissionsFor(string scopeKey, IReadOnlyList<string> scopes)
    {
        if (_permissions.TryGet(scopeKey, out var cached)) return cached;
        var permissions = RoutePermissions.Compute(_rules, _catchAll, scopes);
        _permissions.Set(scopeKey, permissions);
        return permissions;
    }

    private static CompiledRule? Match(RouteNode node, ReadOnlySpan<char> rest, string method)
    {
        rest = rest.TrimStart('/');
        if (rest.IsEmpty) return node.RuleFor(method) ?? node.DoubleStar?.RuleFor(method);
        var slash = rest.IndexOf('/');
        var segment = slash < 0 ? rest : rest[..slash];
        var after = slash < 0 ? [] : rest[slash..];
        if (node.Literal(segment) is { } literal && Match(literal, after, method) is { } byLiteral) return byLiteral;
        if (node.Param is { } param && Match(param, after, method) is { } byParam) return byParam;
        if (node.Star is { } star && Match(star, after, method) is { } byStar) return byStar;
        return node.DoubleStar?.RuleFor(method);
    }

    /// <summary>No '.' or '..' segment (plain or percent-encoded), no encoded '/' or '\', no '\'.</summary>
    private static bool IsSafe(ReadOnlySpan<char> path)
    {
        if (path.Contains('\\')) return false;
        if (path.Contains('%') && (path.Contains("%2f", StringComparison.OrdinalIgnoreCase) || path.Contains("%5c", StringComparison.OrdinalIgnoreCase)))
            return false;
        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (segment.IsEmpty || (segment[0] != '.' && segment[0] != '%')) continue;
            var decoded = segment.ToString().Replace("%2e", ".", StringComparison.OrdinalIgnoreCase);
            if (decoded is "." or "..") return false;
        }
        return true;
    }

    private static string? NormalizeMethod(string? method)
    {
        if (string.IsNullOrWhiteSpace(method)) return null;
        var upper = method.Trim().ToUpperInvariant();
        if (upper is "*" or "ANY") return "*";
        foreach (var c in upper)
            if (!char.IsAsciiLetterUpper(c) && c != '-' && c != '_') return null;
        return upper;
    }
}
