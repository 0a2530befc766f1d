using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Routing;
using Tollgate.Core.Apis;

namespace Tollgate.Server.Routes;

/// <summary>An API's route rules as stored and served: the authorizer's rules document, in JSON.</summary>
public static class RouteDocuments
{
    public const string Empty = "{\"rules\":[]}";

    /// <summary>The key of the problems about the whole document (it does not parse, it has no rules list) in <see cref="ByField"/>.</summary>
    public const string DocumentField = "rules";

    /// <summary>Checks a rules document for an API: it parses, compiles, and names only the API's scopes.</summary>
    /// <returns>Every problem, its path in the document (<c>rules[i]</c>, <c>rate_limit.burst</c>,
    /// <c>rate_limit.clients.{id}.requests_per_second</c>; empty for the whole document); empty when the document is good.</returns>
    public static IReadOnlyList<ValidationError> Validate(Api api, string json)
    {
        RouteRuleSet rules;
        try
        {
            rules = RouteRulesFile.ParseJson(json);
        }
        catch (RouteRulesException e)
        {
            return e.Problems;
        }
        var errors = new List<ValidationError>();
        for (var i = 0; i < rules.Rules.Count; i++)
        {
            var unknown = rules.Rules[i].AllOf.Concat(rules.Rules[i].AnyOf).Where(s => !api.HasScope(s)).Distinct().ToArray();
            if (unknown.Length > 0) errors.Add(new($"rules[{i}]", ValidationError.Codes.Unknown, $"scopes not defined on '{api.Identifier}': {string.Join(' ', unknown)}"));
        }
        return errors;
    }

    /// <summary>Messages by path, for a ProblemDetails <c>errors</c> member or a form; problems about the whole document under <see cref="DocumentField"/>.</summary>
    public static Dictionary<string, string[]> ByField(IEnumerable<ValidationError> errors) => ValidationError.ByPath(errors, DocumentField);

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
}
