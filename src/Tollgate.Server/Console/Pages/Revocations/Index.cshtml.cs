using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Admin;
using Tollgate.Core.Introspection;
using RevocationEntry = Tollgate.Core.Revocation.Revocation;

namespace Tollgate.Server.Console.Pages.Revocations;

public sealed class IndexModel : ConsolePage
{
    private const int PageLimit = 100;
    public override string Section => "revocations";

    [BindProperty(SupportsGet = true, Name = "since")] public long Since { get; set; }
    [BindProperty(Name = "token")] public string? Token { get; set; }
    [BindProperty(Name = "client_id")] public string? ClientId { get; set; }

    public IReadOnlyList<RevocationEntry> Entries { get; private set; } = [];
    public long? Next { get; private set; }

    private RevocationAdmin Revocations => Services.GetRequiredService<RevocationAdmin>();

    public Task OnGetAsync() => LoadAsync();

    /// <summary>A pasted token: what it says (only an active token of ours says anything), then the admin API's token revocation.</summary>
    public async Task<IActionResult> OnPostTokenAsync()
    {
        var token = Token?.Trim() ?? "";
        if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = token[7..].Trim();
        var claims = token.Length is > 0 and < 16 * 1024 ? await Services.GetRequiredService<TokenInspector>().InspectAsync(token, Aborted) : null;
        if (claims is null)
            AddErrors("token", ["is not an active token issued by this server (unknown, expired, or already revoked): nothing to revoke."]);
        else if (Succeeded(await Revocations.CreateAsync(new RevocationDraft("token", claims.Jti, claims.ClientId, null, claims.ExpiresAt), Actor, Aborted)))
            return Done("revocations", "revoked");
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostClientAsync()
    {
        var clientId = ClientId?.Trim();
        if (Succeeded(await Revocations.CreateAsync(new RevocationDraft("client", null, clientId, null, null), Actor, Aborted))) return Done("revocations", "revoked");
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Entries = await Revocations.ListSinceAsync(Math.Max(0, Since), PageLimit, Aborted);
        Next = Entries.Count == PageLimit ? Entries[^1].Seq : null;
    }
}
