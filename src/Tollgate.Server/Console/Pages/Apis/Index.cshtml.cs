using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Admin;
using Tollgate.Core.Apis;

namespace Tollgate.Server.Console.Pages.Apis;

public sealed class IndexModel : ApiFormPage
{
    public IReadOnlyList<Api> Apis { get; private set; } = [];

    public void OnGet()
    {
        Load();
        ScopeRows = [.. Enumerable.Repeat(new ApiScope("", null), BlankScopeRows + 1)];
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (ReadDraft(includeIdentifier: true) is { } draft
            && SucceededWithRows(await Services.GetRequiredService<ApiAdmin>().CreateAsync(draft, Actor, Aborted)))
            return Done($"apis/edit?id={Uri.EscapeDataString(draft.Identifier!)}", "created");
        Load();
        return Page();
    }

    private void Load() => Apis = Services.GetRequiredService<ConsoleQueries>().Apis();
}
