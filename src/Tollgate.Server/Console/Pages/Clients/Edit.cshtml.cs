using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Admin;
using Tollgate.Core.Clients;

namespace Tollgate.Server.Console.Pages.Clients;

public sealed class EditModel : ClientFormPage
{
    [BindProperty(SupportsGet = true, Name = "id")] public string Id { get; set; } = "";
    [BindProperty(Name = "expires_at")] public string? ExpiresAt { get; set; }
    [BindProperty(Name = "expire_others_at")] public string? ExpireOthersAt { get; set; }
    [BindProperty(Name = "secret_id")] public string? SecretId { get; set; }

    public IReadOnlyList<ClientSecret> Secrets { get; private set; } = [];
    /// <summary>The secret just added: on this answer only.</summary>
    public string? NewSecret { get; private set; }

    private ClientAdmin Clients => Services.GetRequiredService<ClientAdmin>();
    private ClientSecretAdmin SecretAdmin => Services.GetRequiredService<ClientSecretAdmin>();

    public IActionResult OnGet()
    {
        if (Clients.Find(Id) is not { } client) return NotFound();
        Show(client);
        Secrets = client.Secrets;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (Clients.Find(Id) is not { } client) return NotFound();
        if (ReadDraft(null) is { } draft && Succeeded(await Clients.UpdateAsync(Id, draft, Actor, Aborted))) return Done(Self, "saved");
        Secrets = client.Secrets;
        return Page();
    }

    public async Task<IActionResult> OnPostAddSecretAsync()
    {
        if (Clients.Find(Id) is null) return NotFound();
        var expires = ParseUtc(ExpiresAt, "expires_at");
        var expireOthers = ParseUtc(ExpireOthersAt, "expire_others_at");
        if (Errors.Count == 0)
        {
            var result = await SecretAdmin.AddAsync(Id, expires, expireOthers, Actor, Aborted);
            if (Succeeded(result)) NewSecret = result.Value.Value;
        }
        var client = Clients.Find(Id)!;
        Show(client);
        Secrets = client.Secrets;
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteSecretAsync()
    {
        if (Clients.Find(Id) is null) return NotFound();
        if (Succeeded(await SecretAdmin.DeleteAsync(Id, SecretId ?? "", Actor, Aborted))) return Done(Self, "secret-deleted");
        var client = Clients.Find(Id)!;
        Show(client);
        Secrets = client.Secrets;
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (Clients.Find(Id) is not { } client) return NotFound();
        if (Succeeded(await Clients.DeleteAsync(Id, Actor, Aborted))) return Done("clients", "deleted");
        Show(client);
        Secrets = client.Secrets;
        return Page();
    }

    private string Self => $"clients/edit?id={Uri.EscapeDataString(Id)}";

    /// <summary>A <c>datetime-local</c> value, read as UTC.</summary>
    private DateTimeOffset? ParseUtc(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
            return new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
        AddErrors(field, ["must be a date and time, e.g. 2030-01-31T12:00."]);
        return null;
    }
}
