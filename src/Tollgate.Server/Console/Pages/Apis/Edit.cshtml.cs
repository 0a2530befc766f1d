using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Authorizer.Routing;
using Tollgate.Core.Admin;
using Tollgate.Core.Apis;
using Tollgate.Server.Routes;

namespace Tollgate.Server.Console.Pages.Apis;

public sealed class EditModel : ApiFormPage
{
    [BindProperty(SupportsGet = true, Name = "id")] public string Id { get; set; } = "";
    [BindProperty(Name = "routes")] public string? RoutesDocument { get; set; }

    public IReadOnlyList<RouteRule> Rules { get; private set; } = [];

    /// <summary>The rate limit in force (the document's <c>rate_limit</c>), described; null when the API has none.</summary>
    public string? RateLimit { get; private set; }

    /// <summary>The refused document's rules as posted (index, JSON), for their errors to stand next to them.</summary>
    public IReadOnlyList<(int Index, string Json)> PostedRules { get; private set; } = [];

    private ApiAdmin Apis => Services.GetRequiredService<ApiAdmin>();

    public IActionResult OnGet()
    {
        if (Apis.Find(Id) is not { } api) return NotFound();
        Show(api);
        ShowRoutes(api, api.Routes);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (Apis.Find(Id) is not { } api) return NotFound();
        if (ReadDraft(includeIdentifier: false) is { } draft && SucceededWithRows(await Apis.UpdateAsync(api.Id, draft, Actor, Aborted)))
            return Done($"apis/edit?id={Uri.EscapeDataString(api.Identifier)}", "saved");
        Identifier = api.Identifier;
        ShowRoutes(api, api.Routes);
        return Page();
    }

    public async Task<IActionResult> OnPostRoutesAsync()
    {
        if (Apis.Find(Id) is not { } api) return NotFound();
        var json = string.IsNullOrWhiteSpace(RoutesDocument) ? RouteDocuments.Empty : RoutesDocument;
        // The same check PUT /admin/apis/{id}/routes makes, then the same operation.
        var errors = RouteDocuments.Validate(api, json);
        if (errors.Count == 0 && Succeeded(await Apis.SetRoutesAsync(api.Id, json, Actor, Aborted)))
            return Done($"apis/edit?id={Uri.EscapeDataString(api.Identifier)}", "routes");
        foreach (var (field, messages) in RouteDocuments.ByField(errors)) AddErrors(field, messages);
        PostedRules = Posted(json);
        Show(api);
        ShowRoutes(api, json);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (Apis.Find(Id) is not { } api) return NotFound();
        if (Succeeded(await Apis.DeleteAsync(api.Id, Actor, Aborted))) return Done("apis", "deleted");
        Show(api);
        ShowRoutes(api, api.Routes);
        return Page();
    }

    private void ShowRoutes(Api api, string? document)
    {
        var table = ConsoleQueries.TableOf(api);
        Rules = table.Rules;
        RateLimit = Describe(table.RateLimits);
        RoutesDocument = document is null ? RouteDocuments.Empty : Pretty(document);
    }

    private static string? Describe(Authorizer.RateLimiting.RateLimitSet? limits)
    {
        if (limits is null) return null;
        static string Of(Authorizer.RateLimiting.RateLimit l) => $"{l.RequestsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture)}/s, burst {l.Burst}";
        var every = limits.Default is { } d ? $"every client {Of(d)}" : "no default";
        return limits.Clients.Count == 0 ? every : every + "; " + string.Join("; ", limits.Clients.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {Of(c.Value)}"));
    }

    private static List<(int, string)> Posted(string json)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(json)?["rules"] is System.Text.Json.Nodes.JsonArray rules
                ? [.. rules.Select((r, i) => (i, r?.ToJsonString() ?? "null"))] : [];
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException) { return []; }
    }

    private static string Pretty(string json)
    {
        try { return System.Text.Json.Nodes.JsonNode.Parse(json)?.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) ?? json; }
        catch (System.Text.Json.JsonException) { return json; }
    }

    public static string Describe(RouteRule rule) => rule.Access switch
    {
        RuleAccess.Anonymous => "anonymous (no token)",
        RuleAccess.Deny => "deny",
        _ => string.Join("; ", new[]
        {
            rule.AllOf.Count > 0 ? "all of " + string.Join(' ', rule.AllOf) : null,
            rule.AnyOf.Count > 0 ? "one of " + string.Join(' ', rule.AnyOf) : null,
            rule.Resource is not null ? $"policies on {rule.Resource}" : null,
        }.Where(s => s is not null).DefaultIfEmpty("any valid token")),
    };
}
