using Microsoft.AspNetCore.Http;
using Tollgate.Core.Audit;
using Tollgate.Core.Tokens;
using Tollgate.Server.OAuth;

namespace Tollgate.Server.Console;

/// <summary>The signed-in administrator: the admin token's claims, and who the audit trail says made a change.</summary>
public sealed record ConsoleAdmin(AccessTokenClaims Claims, AuditActor Actor)
{
    public string ClientId => Claims.ClientId;
}

/// <summary>
/// The console session: an admin access token (audience and scope <c>tollgate:admin</c>, the same the admin
/// API takes) sealed into an <c>HttpOnly</c>, <c>SameSite=Strict</c> cookie (<c>Secure</c> over HTTPS) that the
/// browser cannot read. Each request checks the token as <c>/admin</c> does, so a session ends when the token
/// expires, is revoked (sign-out), or its client is deleted. CSRF tokens are bound to the session's token
/// (before sign-in: to a random cookie value).
/// </summary>
public sealed class ConsoleSession(ConsoleCrypto crypto, AdminToken adminToken, ConsoleOptions options)
{
    public const string SessionCookie = "tollgate-console", CsrfCookie = "tollgate-console-csrf", CsrfField = "__csrf";
    private const string ItemKey = "tollgate.console.admin";

    public async Task<ConsoleAdmin?> AuthenticateAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var known)) return known as ConsoleAdmin;
        ConsoleAdmin? admin = null;
        if (context.Request.Cookies[SessionCookie] is { Length: > 0 } cookie && crypto.Open(cookie) is { } token)
        {
            var (status, claims) = await adminToken.CheckAsync("Bearer " + token, context.RequestAborted);
            if (status == AdminTokenStatus.Valid) admin = new ConsoleAdmin(claims!, new AuditActor(claims!.ClientId, context.Connection.RemoteIpAddress?.ToString()));
        }
        context.Items[ItemKey] = admin;
        return admin;
    }

    public void Start(HttpContext context, string token, DateTimeOffset expiresAt)
        => context.Response.Cookies.Append(SessionCookie, crypto.Seal(token), Cookie(context, expiresAt));

    public void End(HttpContext context)
    {
        context.Response.Cookies.Delete(SessionCookie, Cookie(context, null));
        context.Items.Remove(ItemKey);
    }

    /// <summary>The token every form of this page carries; sets the pre-sign-in CSRF cookie when there is none.</summary>
    public string CsrfToken(HttpContext context)
    {
        if (context.Items[ItemKey] is ConsoleAdmin admin) return crypto.CsrfToken("session:" + admin.Claims.Jti);
        if (context.Request.Cookies[CsrfCookie] is not { Length: > 0 } value)
        {
            value = context.Items[CsrfCookie] as string ?? ConsoleCrypto.RandomValue();
            if (!context.Items.ContainsKey(CsrfCookie)) context.Response.Cookies.Append(CsrfCookie, value, Cookie(context, null));
            context.Items[CsrfCookie] = value;
        }
        return crypto.CsrfToken("anonymous:" + value);
    }

    /// <summary>Whether a form post carries the CSRF token of its session (or, before sign-in, of its CSRF cookie).</summary>
    public async Task<bool> CheckCsrfAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType) return false;
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var token = form[CsrfField].ToString();
        if (await AuthenticateAsync(context) is { } admin) return crypto.IsCsrfToken("session:" + admin.Claims.Jti, token);
        return context.Request.Cookies[CsrfCookie] is { Length: > 0 } value && crypto.IsCsrfToken("anonymous:" + value, token);
    }

    private CookieOptions Cookie(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = options.Path,
        Expires = expires,
        IsEssential = true,
    };
}
