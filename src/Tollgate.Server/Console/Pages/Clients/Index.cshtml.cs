using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Admin;
using Tollgate.Core.Clients;

namespace Tollgate.Server.Console.Pages.Clients;

public sealed class IndexModel : ClientFormPage
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    [BindProperty(Name = "client_id")] public string? NewClientId { get; set; }

    public IReadOnlyList<Client> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + ConsoleQueries.PageSize - 1) / ConsoleQueries.PageSize);

    /// <summary>The new client and its secret: on the answer to the create, never again.</summary>
    public CreatedClient? Created { get; private set; }

    public void OnGet() => Load();

    public async Task<IActionResult> OnPostAsync()
    {
        if (ReadDraft(string.IsNullOrWhiteSpace(NewClientId) ? null : NewClientId.Trim()) is { } draft)
        {
            var result = await Services.GetRequiredService<ClientAdmin>().CreateAsync(draft, Actor, Aborted);
            if (Succeeded(result))
            {
                Created = result.Value;
                NewClientId = ClientName = Lifetime = Origins = JwksUri = null;
                Metadata = null;
                AllowIntrospection = false;
            }
        }
        Load();
        return Page();
    }

    public int GrantCount(string clientId) => Services.GetRequiredService<Core.Catalog.Catalog>().Current.GrantsOf(clientId).Count;

    private void Load()
    {
        PageNumber = Math.Max(1, PageNumber);
        (Items, Total) = Services.GetRequiredService<ConsoleQueries>().SearchClients(Query, PageNumber);
    }
}
