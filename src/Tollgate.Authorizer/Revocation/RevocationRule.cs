namespace Tollgate.Authorizer.Revocation;

/// <summary>
/// What a revocation entry revokes: the one definition the server (Tollgate.Core's
/// <c>Revocation.Matches</c>, behind introspection, token reuse and the embedded decision engines)
/// and every authorizer (<see cref="RevocationSet"/>, filled from the feed) apply.
/// <list type="bullet">
/// <item><b>token</b>: the token with that <c>jti</c> (ordinal).</item>
/// <item><b>client</b>: every token of the client with <c>iat ≤ issued_until</c>.</item>
/// <item><b>grant</b>: tokens of the client for the audience with <c>iat ≤ issued_until</c> that
/// carry a scope outside what the grant still allows.</item>
/// </list>
/// A token's facts: its client is <c>client_id</c>, else <c>sub</c> (<see cref="Validation.ValidatedToken.Principal"/>); a token without <c>iat</c>
/// counts as issued at the dawn of time (client and grant entries catch it); a token with several
/// audiences is revoked when a grant entry of any of them matches. Times are whole Unix seconds.
/// An entry lives until its <c>exp</c>, when every token it can match has expired anyway.
/// </summary>
public static class RevocationRule
{
    public static bool TokenMatches(string revokedJti, string? jti) => jti is not null && string.Equals(revokedJti, jti, StringComparison.Ordinal);

    public static bool ClientMatches(long issuedUntil, long issuedAt) => issuedAt <= issuedUntil;

    public static bool GrantMatches(long issuedUntil, ReadOnlySpan<string> stillAllowed, long issuedAt, ReadOnlySpan<string> scopes)
    {
        if (issuedAt > issuedUntil) return false;
        foreach (var scope in scopes)
            if (stillAllowed.IndexOf(scope) < 0) return true;
        return false;
    }

    /// <summary>Whether an entry ending at <paramref name="expires"/> (Unix seconds) is still kept at <paramref name="now"/>.</summary>
    public static bool IsLive(long expires, long now) => expires > now;

    /// <summary>The token's <c>iat</c> as the rule compares it.</summary>
    public static long IssuedAt(DateTimeOffset? issuedAt) => issuedAt?.ToUnixTimeSeconds() ?? long.MinValue;
}
