using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tollgate.Authorizer.Routing;
using Tollgate.Core.Apis;

namespace Tollgate.Server.Routes;

/// <summary>An API's route rules as stored and served: the authorizer's rules document, in JSON.</summary>
public static class RouteDocuments
{
    public const string Empty = "{\"rules\":[]}";

    /// <summary>Checks a rules document for an API: it parses, compiles, and names only the API's scopes.</summary>
    /// <returns>Errors by field (<c>rules[i]</c>, <c>rate_limit.burst</c>, <c>rate_limit.clients.{id}.requests_per_second</c>); empty when the document is good.</returns>
    public static Dictionary<string, string[]> Validate(Api api, string json)
    {
        RouteRuleSet rules;
        try
        {
            rules = RouteRulesFile.ParseJson(json);
        }
        catch (RouteRulesException e)
        {
            // "rules[0]: needs 'route'" → rules[0]: ["needs 'route'"]: the field is the key, once.
            return e.Errors.GroupBy(FieldOf).ToDictionary(g => g.Key, g => g.Select(m => m.StartsWith(g.Key + ":", StringComparison.Ordinal) ? m[(g.Key.Length + 1)..].Trim() : m).ToArray());
        }
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < rules.Rules.Count; i++)
        {
            var unknown = rules.Rules[i].AllOf.Concat(rules.Rules[i].AnyOf).Where(s => !api.HasScope(s)).Distinct().ToArray();
            if (unknown.Length > 0) errors[$"rules[{i}]"] = [$"scopes not defined on '{api.Identifier}': {string.Join(' ', unknown)}"];
        }
        return errors;
    }

    /// <summary>The API's rules for its decision engine; the API's <c>require_dpop</c> setting is part of them.</summary>
    public static RouteRuleSet Parse(Api api)
    {
        var rules = api.Routes is null ? RouteRuleSet.Empty : RouteRulesFile.ParseJson(api.Routes);
        return api.RequireDpop ? rules with { RequireDpop = true } : rules;
    }

    /// <summary>
    /// The document <c>GET /routes</c> serves: the stored rules, with <c>"require_dpop": true</c> when the API
    /// requires DPoP, so a standalone gateway refuses unbound tokens as the embedded engine does.
    /// </summary>
    public static string Served(Api api)
    {
        var routes = api.Routes ?? Empty;
        if (!api.RequireDpop) return routes;
        var document = JsonNode.Parse(routes)!.AsObject();
        document["require_dpop"] = true;
        return document.ToJsonString();
    }

    /// <summary>A strong validator for the document: changes whenever the rules do.</summary>
    public static string ETag(string? routes)
        => "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(routes ?? Empty)).AsSpan(0, 12)) + "\"";

    private static string FieldOf(string error)
    {
        var colon = error.IndexOf(':');
        return colon > 0 && (error.StartsWith("rules[", StringComparison.Ordinal) || error.StartsWith("rate_limit", StringComparison.Ordinal)) ? error[..colon] : "rules";
    }
}
