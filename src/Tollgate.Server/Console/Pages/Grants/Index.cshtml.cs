using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Admin;
using Tollgate.Core.Apis;
using Tollgate.Core.Grants;

namespace Tollgate.Server.Console.Pages.Grants;

public sealed class IndexModel : ConsolePage
{
    public override string Section => "grants";

    [BindProperty(SupportsGet = true, Name = "client")] public string? ClientFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "api")] public string? ApiFilter { get; set; }
    [BindProperty(Name = "client_id")] public string? NewClientId { get; set; }
    [BindProperty(Name = "audience")] public string? NewAudience { get; set; }
    [BindProperty(Name = "scope_list")] public string? NewScopes { get; set; }
    [BindProperty(Name = "grant_id")] public string? GrantId { get; set; }
    [BindProperty(Name = "scope")] public List<string> Scope { get; set; } = [];

    public IReadOnlyList<Api> Apis { get; private set; } = [];
    public IReadOnlyList<Grant> Grants { get; private set; } = [];

    private GrantAdmin GrantAdmin => Services.GetRequiredService<GrantAdmin>();

    public void OnGet() => Load();

    public async Task<IActionResult> OnPostAsync()
    {
        var scopes = (NewScopes ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var draft = new GrantDraft(string.IsNullOrWhiteSpace(NewClientId) ? null : NewClientId.Trim(), NewAudience, scopes);
        if (Succeeded(await GrantAdmin.CreateAsync(draft, Actor, Aborted)))
            return Done($"grants?client={Uri.EscapeDataString(draft.ClientId!)}", "granted");
        Load();
        return Page();
    }

    public async Task<IActionResult> OnPostUpdateAsync()
    {
        if (Succeeded(await GrantAdmin.UpdateAsync(GrantId ?? "", new GrantDraft(null, null, Scope), Actor, Aborted))) return Done(Self, "granted");
        Load();
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (Succeeded(await GrantAdmin.DeleteAsync(GrantId ?? "", Actor, Aborted))) return Done(Self, "ungranted");
        Load();
        return Page();
    }

    private string Self => $"grants?client={Uri.EscapeDataString(ClientFilter ?? "")}&api={Uri.EscapeDataString(ApiFilter ?? "")}";

    private void Load()
    {
        if (string.IsNullOrWhiteSpace(ClientFilter)) ClientFilter = null;
        if (string.IsNullOrWhiteSpace(ApiFilter)) ApiFilter = null;
        var queries = Services.GetRequiredService<ConsoleQueries>();
        Apis = queries.Apis();
        IEnumerable<Grant> grants = ClientFilter is not null ? queries.GrantsOf(ClientFilter) : ApiFilter is not null ? queries.GrantsFor(ApiFilter) : [];
        if (ApiFilter is not null) grants = grants.Where(g => g.Audience == ApiFilter);
        Grants = [.. grants];
    }
}
