using System.Text.Json;
using System.Text.Json.Serialization;
using Tollgate.Authorizer.Decisions;

namespace Tollgate.Aws.Local;

/// <summary>
/// A decision written as JSON, for <c>invoke --decision</c>: shows how the adapter renders a given
/// decision for a given event, without an engine, keys or tokens.
/// <code>{"kind":"Allow","reason":"allowed","principal":"svc","scopes":["read:contacts"],
///  "allowedRoutes":[{"method":"GET","pathPattern":"/contacts/{id}"}]}</code>
/// </summary>
public sealed class DecisionDocument
{
    /// <summary>allow, forbidden or unauthorized (case-insensitive).</summary>
    public string Kind { get; init; } = "";
    public string Reason { get; init; } = "";
    public string? Principal { get; init; }
    public List<string>? Scopes { get; init; }
    public Dictionary<string, string>? Claims { get; init; }
    public List<string>? RequiredScopes { get; init; }
    public List<RouteDocument>? AllowedRoutes { get; init; }
    public string? ForwardToken { get; init; }

    public sealed class RouteDocument
    {
        public string Method { get; init; } = "*";
        public string PathPattern { get; init; } = "/";
    }

    public static Decision Parse(ReadOnlySpan<byte> json)
    {
        var document = JsonSerializer.Deserialize(json, LocalJsonContext.Default.DecisionDocument)
            ?? throw new JsonException("The decision file holds null.");
        var kind = document.Kind.ToLowerInvariant() switch
        {
            "allow" => DecisionKind.Allow,
            "forbidden" => DecisionKind.Forbidden,
            "unauthorized" => DecisionKind.Unauthorized,
            _ => throw new JsonException($"kind must be Allow, Forbidden or Unauthorized; got '{document.Kind}'."),
        };
        return new Decision
        {
            Kind = kind,
            Reason = document.Reason,
            Principal = document.Principal,
            Scopes = document.Scopes ?? [],
            Claims = document.Claims ?? [],
            RequiredScopes = document.RequiredScopes ?? [],
            AllowedRoutes = document.AllowedRoutes?.Select(r => new AllowedRoute(r.Method, r.PathPattern)).ToList() ?? [],
            ForwardToken = document.ForwardToken,
        };
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(DecisionDocument))]
internal sealed partial class LocalJsonContext : JsonSerializerContext;
