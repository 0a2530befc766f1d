using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Admin;
using Tollgate.Core.Keys;
using Tollgate.Server.Admin;

namespace Tollgate.Server.Console.Pages.Keys;

public sealed class IndexModel : ConsolePage
{
    public override string Section => "keys";

    [BindProperty(Name = "alg")] public string? Alg { get; set; }
    [BindProperty(Name = "when")] public string? When { get; set; }
    [BindProperty(Name = "activates_at")] public string? ActivatesAt { get; set; }

    public IReadOnlyList<SigningKey> Keys { get; private set; } = [];
    public TimeSpan PrePublish => Services.GetRequiredService<KeySchedule>().PrePublish;

    private KeyAdmin KeyAdmin => Services.GetRequiredService<KeyAdmin>();

    public void OnGet() => Keys = KeyAdmin.Keys;

    public async Task<IActionResult> OnPostAsync()
    {
        DateTimeOffset? at = null;
        if (When == "at")
        {
            if (DateTime.TryParse(ActivatesAt, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
                at = new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc));
            else AddErrors("activates_at", ["must be a date and time, e.g. 2030-01-31T12:00."]);
        }
        if (Errors.Count == 0 && Succeeded(await KeyAdmin.RotateAsync(Alg, at, When == "now", Actor, Aborted))) return Done("keys", "rotated");
        Keys = KeyAdmin.Keys;
        return Page();
    }

    public string StatusOf(SigningKey key)
    {
        // As GET /admin/keys says it.
        return KeyResponse.From(key, Services.GetRequiredService<TimeProvider>().GetUtcNow()).Status;
    }
}
