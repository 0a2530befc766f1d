namespace Tollgate.Authorizer.Revocation;

/// <summary>
/// A <c>client</c> entry (<see cref="Audience"/> null: every token of the client issued up to
/// <see cref="IssuedUntil"/>) or a <c>grant</c> entry (tokens of the client for
/// <see cref="Audience"/> issued up to then that carry a scope outside <see cref="StillAllowed"/>),
/// as read from the feed. Times are Unix seconds.
/// </summary>
internal sealed record PrincipalRevocation(string ClientId, string? Audience, long IssuedUntil, string[] StillAllowed, long Expires)
{
    public bool IsGrant => Audience is not null;
}

/// <summary>One grant entry, kept per (client, audience).</summary>
internal sealed record GrantRevocation(long IssuedUntil, string[] StillAllowed, long Expires)
{
    public bool Matches(long issuedAt, string[] scopes) => RevocationRule.GrantMatches(IssuedUntil, StillAllowed, issuedAt, scopes);
}
