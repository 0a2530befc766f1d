using System.Text.Json;
using Tollgate.Authorizer.Configuration;
using static Tollgate.Authorizer.Configuration.ValidationError.Codes;
using YamlDotNet.Core;

namespace Tollgate.Authorizer.Routing;

/// <summary>
/// Reads rules from a JSON or YAML file (by extension). One shape for both:
/// <code>
/// rules:
///   - route: GET /contacts/{id}      # or method: GET + path: /contacts/{id}
///     any: [read:contacts, write:contacts]
///   - route: POST /contacts
///     all: [write:contacts]          # 'scopes' is the same as 'all'
///   - route: GET /health
///     anonymous: true
///   - route: "* /admin/**"
///     deny: true
///   - route: GET /orders/{id}       # policy-governed: the policies decide, after the scopes
///     resource: resources:orders:{id}
///     action: read                 # optional; else the method's action from 'actions'
/// actions: {GET: read, HEAD: read, POST: write, PUT: write, PATCH: write, DELETE: write}   # optional; this is the default
/// require_dpop: true                # optional; DPoP-bound tokens only (docs/dpop.md)
/// rate_limit:                       # optional; requests per client of the API (RateLimitsReader)
///   requests_per_second: 50
///   burst: 100
///   clients: {batch-importer: {requests_per_second: 5}}
/// </code>
/// Every problem is reported at once, with the rule's index. Both forms are read without reflection
/// (source-generated JSON, <see cref="RulesYamlReader"/> for YAML), so the engine runs in Native AOT.
/// </summary>
public static class RouteRulesFile
{
    /// <exception cref="RouteRulesException">The file is missing, unreadable or holds invalid rules.</exception>
    public static RouteRuleSet Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { throw new RouteRulesException([new(path, NotFound, ex.Message)]); }
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".json" => ParseJson(text),
            ".yaml" or ".yml" => ParseYaml(text),
            var ext => throw new RouteRulesException([new(path, Unknown, $"extension '{ext}' is neither .json, .yaml nor .yml")]),
        };
    }

    public static RouteRuleSet ParseJson(string text)
    {
        try { return ToRuleSet(JsonSerializer.Deserialize(text, RulesJsonContext.Default.RulesDocument)); }
        catch (JsonException ex) { throw new RouteRulesException([new("", Syntax, $"JSON: {ex.Message}")]); }
    }

    public static RouteRuleSet ParseYaml(string text)
    {
        try { return ToRuleSet(RulesYamlReader.Read(text)); }
        catch (YamlException ex) { throw new RouteRulesException([new("", Syntax, $"YAML line {ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}")]); }
    }

    private static RouteRuleSet ToRuleSet(RulesDocument? document)
    {
        if (document?.Rules is not { } entries) throw new RouteRulesException([new("", Required, "the document has no 'rules' list")]);
        var errors = new List<ValidationError>();
        var rules = new List<RouteRule>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            if (ToRule(entries[i], out var error) is { } rule) rules.Add(rule);
            else errors.Add(new($"rules[{i}]", error!.Value.Code, error.Value.Message));
        }
        var rateLimits = RateLimitsReader.Read(document.RateLimit, errors);
        if (errors.Count > 0) throw new RouteRulesException(errors);
        var ruleSet = new RouteRuleSet(rules) { RequireDpop = document.RequireDpop, RateLimits = rateLimits };
        if (document.Actions is { } actions) ruleSet = ruleSet with { MethodActions = new Dictionary<string, string>(actions, StringComparer.OrdinalIgnoreCase) };
        RouteTable.Compile(ruleSet); // reports bad patterns and clashes now, with the same indexes
        return ruleSet;
    }

    private static RouteRule? ToRule(RuleEntry? entry, out (string Code, string Message)? error)
    {
        error = null;
        if (entry is null) { error = (Required, "empty entry"); return null; }
        var (method, path) = (entry.Method, entry.Path);
        if (entry.Route is { } route)
        {
            if (method is not null || path is not null) { error = (Conflict, "give 'route' or 'method' + 'path', not both"); return null; }
            var parts = route.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2) { error = (Invalid, $"route '{route}' must be '<METHOD> <path>', e.g. 'GET /contacts/{{id}}'"); return null; }
            (method, path) = (parts[0], parts[1]);
        }
        if (method is null || path is null) { error = (Required, "needs 'route' (or 'method' and 'path')"); return null; }
        if (entry.Scopes is not null && entry.All is not null) { error = (Conflict, "'scopes' and 'all' mean the same; give one"); return null; }
        if (entry.Deny && entry.Anonymous) { error = (Conflict, "a rule cannot both deny and allow anonymous"); return null; }
        return new RouteRule
        {
            Method = method,
            Path = path,
            Access = entry.Deny ? RuleAccess.Deny : entry.Anonymous ? RuleAccess.Anonymous : RuleAccess.Scopes,
            AllOf = entry.All ?? entry.Scopes ?? [],
            AnyOf = entry.Any ?? [],
            Action = entry.Action,
            Resource = entry.Resource,
        };
    }
}
