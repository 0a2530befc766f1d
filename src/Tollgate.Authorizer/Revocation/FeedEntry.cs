namespace Tollgate.Authorizer.Revocation;

/// <summary>
/// One entry of the revocation feed as it goes over the wire (<see cref="RevocationFeedFormat"/>):
/// <see cref="Type"/> is <c>token</c>, <c>client</c> or <c>grant</c>; <see cref="Scopes"/> (what
/// a narrowed grant still allows) is sent for grant entries only; times are Unix seconds.
/// </summary>
public sealed record FeedEntry(long Seq, string Type, string? Jti, string? ClientId, string? Audience, long? IssuedUntil, IReadOnlyList<string> Scopes, long Expires);
