using System.Globalization;
using Microsoft.AspNetCore.Http;
using Tollgate.Authorizer.Revocation;
using Tollgate.Core.OAuth;
using Tollgate.Core.Revocation;

namespace Tollgate.Server.OAuth;

/// <summary>
/// <c>GET /revocations?since={version}&amp;limit={n}</c>: the revocation list as an incremental feed
/// for authorizers that validate JWTs offline. Answers entries after <c>since</c> in order and the
/// current <c>version</c>; <c>ETag</c> is the version, so a poll with <c>If-None-Match</c> and
/// nothing new costs a 304 without touching the database. The page is <see cref="RevocationFeedFormat"/>,
/// the format authorizers read. See docs/revocation.md.
/// </summary>
public static class RevocationFeedEndpoint
{
    public const int DefaultLimit = 10_000;
    public const int MaxLimit = 50_000;

    public static async Task HandleAsync(HttpContext context, RevocationList revocations, ClientAuthenticator authenticator, AdminToken adminToken)
    {
        if (await GatewayCaller.AuthenticateAsync(context, new Dictionary<string, string>(), authenticator, adminToken) is null) return;

        var query = context.Request.Query;
        if (!TryRead(query["since"], 0, long.MaxValue, out var since) || !TryRead(query["limit"], DefaultLimit, MaxLimit, out var limit) || limit < 1)
        {
            await OAuthResponses.WriteErrorAsync(context, OAuthError.InvalidRequest($"since must be a version (0 or more) and limit 1-{MaxLimit}."), false);
            return;
        }

        var version = revocations.Latest;
        var etag = $"\"{version}\"";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch.ToString() == etag && since >= version)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var entries = since >= version ? [] : await revocations.ListSinceAsync(since, (int)limit, context.RequestAborted);
        var more = entries.Count == limit;
        await OAuthResponses.WriteJsonAsync(context, json =>
            RevocationFeedFormat.WritePage(json, more ? entries[^1].Seq : version, more, entries.Select(e => e.ToFeedEntry())));
    }

    private static bool TryRead(string? value, long fallback, long max, out long result)
    {
        result = fallback;
        return value is null || (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result) && result <= max);
    }
}
