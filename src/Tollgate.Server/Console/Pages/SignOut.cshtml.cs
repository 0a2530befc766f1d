using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Tollgate.Server.Console.Pages;

/// <summary>Ends the session: its admin token is revoked (so a copied cookie is dead too) and the cookie dropped.</summary>
public sealed class SignOutModel : ConsolePage
{
    public override string Section => "signout";

    public IActionResult OnGet() => Redirect(Base);

    public async Task<IActionResult> OnPostAsync()
    {
        await Services.GetRequiredService<ConsoleSignIn>().SignOutAsync(Admin!, Aborted);
        Services.GetRequiredService<ConsoleSession>().End(HttpContext);
        return Redirect($"{Base}/signin?notice=signed-out");
    }
}
