using System.Collections.Immutable;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Apis;
using Tollgate.Core.Clients;
using Tollgate.Core.Grants;

namespace Tollgate.Server.Console.Pages.Permissions;

public sealed class IndexModel : ConsolePage
{
    public override string Section => "permissions";

    [BindProperty(SupportsGet = true, Name = "client")] public string? Client { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Api> Apis { get; private set; } = [];
    public IReadOnlyList<Client> Clients { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + ConsoleQueries.PageSize - 1) / ConsoleQueries.PageSize);
    public IReadOnlyList<ApiPermissions> Details { get; private set; } = [];
    public IReadOnlyList<string> Ungranted { get; private set; } = [];

    public IActionResult OnGet()
    {
        var queries = Services.GetRequiredService<ConsoleQueries>();
        if (!string.IsNullOrWhiteSpace(Client))
        {
            if (Services.GetRequiredService<Core.Catalog.Catalog>().Current.FindClient(Client) is null) return NotFound();
            Details = queries.PermissionsOf(Client);
            Ungranted = [.. queries.Apis().Select(a => a.Identifier).Where(a => a != Core.Admin.SystemIdentity.AdminAudience && Details.All(d => d.Api.Identifier != a))];
            return Page();
        }
        Client = null;
        PageNumber = Math.Max(1, PageNumber);
        Apis = queries.Apis();
        (Clients, Total) = queries.SearchClients(Query, PageNumber);
        return Page();
    }

    public ImmutableDictionary<string, Grant> GrantsOf(string clientId) => Services.GetRequiredService<Core.Catalog.Catalog>().Current.GrantsOf(clientId);
}
