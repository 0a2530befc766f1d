using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Apis;

namespace Tollgate.Server.Console.Pages.Tester;

public sealed class IndexModel : ConsolePage
{
    public override string Section => "tester";

    [BindProperty(SupportsGet = true, Name = "client")] public string? Client { get; set; }
    [BindProperty(SupportsGet = true, Name = "audience")] public string? Audience { get; set; }
    [BindProperty(Name = "method")] public string? Method { get; set; }
    [BindProperty(Name = "path")] public string? Path { get; set; }
    [BindProperty(Name = "token")] public string? Token { get; set; }

    public IReadOnlyList<Api> Apis { get; private set; } = [];
    public TesterResult? Result { get; private set; }

    public void OnGet() => Load();

    public async Task<IActionResult> OnPostAsync()
    {
        Load();
        var token = Token?.Trim();
        if (token is not null && token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = token[7..].Trim();
        if (string.IsNullOrEmpty(Path) || !Path.StartsWith('/')) AddErrors("path", ["must start with /."]);
        if (string.IsNullOrEmpty(token) && string.IsNullOrWhiteSpace(Client)) AddErrors("client", ["name a client or paste a token."]);
        if (Errors.Count > 0) return Page();
        Result = await Services.GetRequiredService<DecisionTester>()
            .TestAsync(Audience ?? "", Method ?? "GET", Path!, Client?.Trim(), token, Aborted);
        return Page();
    }

    private void Load()
    {
        Apis = [.. Services.GetRequiredService<ConsoleQueries>().Apis().Where(a => a.Identifier != Core.Admin.SystemIdentity.AdminAudience)];
        Audience ??= Client is { Length: > 0 } c ? Services.GetRequiredService<ConsoleQueries>().GrantsOf(c).Select(g => g.Audience).FirstOrDefault() : null;
    }
}
