using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Tollgate.Server.Console.Pages;

public sealed class SignInModel : ConsolePage
{
    protected override bool AllowsAnonymous => true;
    public override string Section => "signin";

    [BindProperty(SupportsGet = true, Name = "return")] public string? Return { get; set; }
    [BindProperty(Name = "client_id")] public string? ClientId { get; set; }
    [BindProperty(Name = "client_secret")] public string? ClientSecret { get; set; }

    public IActionResult OnGet() => Admin is not null ? Redirect(Target()) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await Services.GetRequiredService<ConsoleSignIn>()
            .SignInAsync(ClientId?.Trim() ?? "", ClientSecret ?? "", HttpContext.Connection.RemoteIpAddress?.ToString(), Aborted);
        switch (result.Outcome)
        {
            case SignInOutcome.SignedIn:
                Services.GetRequiredService<ConsoleSession>().Start(HttpContext, result.Token!, result.ExpiresAt);
                return Redirect(Target());
            case SignInOutcome.Throttled:
                AddErrors("", [$"Too many failed sign-ins from this address: try again in {Math.Ceiling(result.RetryAfter.TotalMinutes)} minute(s)."]);
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return Page();
            default:
                AddErrors("", ["Sign-in failed: the client id or secret is wrong, or the client is not an admin client."]);
                Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Page();
        }
    }

    /// <summary>Back to the page that sent the admin here: a console path only, never another site.</summary>
    private string Target()
        => Return is { Length: > 1 } back && back.StartsWith(Base + "/", StringComparison.Ordinal) && !back.StartsWith("//", StringComparison.Ordinal) && !back.Contains('\\')
            ? back : Base;
}
