using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Admin;
using Tollgate.Core.Audit;

namespace Tollgate.Server.Console;

/// <summary>
/// What every console page does before its handler: a signed-in admin (else to the sign-in page), and for a
/// post the CSRF token of the session (else 400, nothing changed). Pages report admin results through
/// <see cref="Errors"/>, keyed by the same field names the admin API uses, shown next to their fields.
/// </summary>
public abstract class ConsolePage : PageModel
{
    /// <summary>Notices a redirect after a change may show (a fixed set, so a link cannot put words on the page).</summary>
    private static readonly Dictionary<string, string> Notices = new(StringComparer.Ordinal)
    {
        ["created"] = "Created.", ["saved"] = "Saved.", ["deleted"] = "Deleted; tokens issued under it are revoked.", ["revoked"] = "Revoked.",
        ["rotated"] = "A new signing key is published.", ["granted"] = "Grant saved.", ["ungranted"] = "Grant removed; tokens issued under it are revoked.",
        ["routes"] = "Route rules saved; they apply to the next decision.", ["secret-deleted"] = "Secret deleted.", ["signed-out"] = "Signed out.",
    };

    protected virtual bool AllowsAnonymous => false;

    public ConsoleAdmin? Admin { get; private set; }
    public string Csrf { get; private set; } = "";
    public string Base => Services.GetRequiredService<ConsoleOptions>().Path;
    public Dictionary<string, string[]> Errors { get; private set; } = new(StringComparer.Ordinal);
    public string? Notice { get; set; }

    /// <summary>The page's name in the navigation (aria-current).</summary>
    public abstract string Section { get; }

    protected IServiceProvider Services => HttpContext.RequestServices;
    protected AuditActor Actor => Admin!.Actor;
    protected CancellationToken Aborted => HttpContext.RequestAborted;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var session = Services.GetRequiredService<ConsoleSession>();
        Admin = await session.AuthenticateAsync(HttpContext);
        if (Admin is null && !AllowsAnonymous)
        {
            var back = Request.Path + Request.QueryString;
            context.Result = Redirect($"{Base}/signin?return={Uri.EscapeDataString(HttpMethods.IsGet(Request.Method) ? back : Request.Path.Value ?? "")}");
            return;
        }
        if (!HttpMethods.IsGet(Request.Method) && !HttpMethods.IsHead(Request.Method) && !await session.CheckCsrfAsync(HttpContext))
        {
            context.Result = new ContentResult
            {
                StatusCode = StatusCodes.Status400BadRequest, ContentType = "text/plain; charset=utf-8",
                Content = "The form's anti-forgery token is missing or does not belong to this session: nothing was changed. Reload the page and try again.",
            };
            return;
        }
        Csrf = session.CsrfToken(HttpContext);
        if (Request.Query["notice"].ToString() is { Length: > 0 } key && Notices.TryGetValue(key, out var text)) Notice = text;
        await next();
    }

    protected IActionResult Done(string page, string notice) => Redirect($"{Base}/{page}{(page.Contains('?') ? '&' : '?')}notice={notice}");

    /// <summary>Takes an admin result's failure into <see cref="Errors"/>; true when there was none.</summary>
    protected bool Succeeded<T>(AdminResult<T> result)
    {
        switch (result.Outcome)
        {
            case AdminOutcome.Ok or AdminOutcome.Created: return true;
            case AdminOutcome.Invalid:
                foreach (var (field, messages) in result.Errors!) AddErrors(field, messages);
                break;
            default:
                AddErrors("", [result.Message ?? result.Outcome.ToString()]);
                break;
        }
        Response.StatusCode = result.Outcome switch
        {
            AdminOutcome.NotFound => StatusCodes.Status404NotFound,
            AdminOutcome.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        return false;
    }

    protected void AddErrors(string field, IEnumerable<string> messages)
    {
        Errors[field] = [.. Errors.GetValueOrDefault(field) ?? [], .. messages];
        if (Response.StatusCode == StatusCodes.Status200OK) Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    public bool HasError(string field) => Errors.ContainsKey(field);

    /// <summary><c>aria-invalid</c> and <c>aria-describedby</c> for a field's input.</summary>
    public IHtmlContent Aria(string field, string id)
        => HasError(field) ? new HtmlString($"aria-invalid=\"true\" aria-describedby=\"{HtmlEncoder.Default.Encode(id)}-error\"") : HtmlString.Empty;

    /// <summary>The field's errors, next to it.</summary>
    public IHtmlContent ErrorsFor(string field, string id)
    {
        if (!Errors.TryGetValue(field, out var messages)) return HtmlString.Empty;
        var html = new HtmlContentBuilder();
        html.AppendHtml($"<p class=\"error\" id=\"{HtmlEncoder.Default.Encode(id)}-error\">");
        html.Append(string.Join(" ", messages));
        html.AppendHtml("</p>");
        return html;
    }

    /// <summary>The hidden CSRF field every form carries.</summary>
    public IHtmlContent CsrfField => new HtmlString($"<input type=\"hidden\" name=\"{ConsoleSession.CsrfField}\" value=\"{HtmlEncoder.Default.Encode(Csrf)}\">");
}
