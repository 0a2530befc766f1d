using System.Collections.Immutable;
using Tollgate.Authorizer.Revocation;

namespace Tollgate.Core.Revocation;

public enum RevocationKind { Token, Client, Grant }

/// <summary>
/// One entry of the revocation list. <list type="bullet">
/// <item><b>Token</b>: the token with <see cref="Jti"/>.</item>
/// <item><b>Client</b>: every token of <see cref="ClientId"/> whose <c>iat</c> is at or before
/// <see cref="IssuedUntil"/> (client deleted, secret compromised, "revoke all").</item>
/// <item><b>Grant</b>: every token of <see cref="ClientId"/> for <see cref="Audience"/> issued at or
/// before <see cref="IssuedUntil"/> that carries a scope outside <see cref="Scopes"/> (what the grant
/// still allows; empty when the grant was removed). Tokens issued under the narrowed grant stay valid.</item>
/// </list>
/// Times are whole Unix seconds, the resolution of <c>iat</c>. An entry is kept until
/// <see cref="ExpiresAt"/>, when every token it can match has expired anyway. The rule itself is
/// <see cref="RevocationRule"/>, shared with every authorizer.
/// </summary>
public sealed record Revocation
{
    public long Seq { get; init; }
    public required RevocationKind Kind { get; init; }
    public string? Jti { get; init; }
    public string? ClientId { get; init; }
    public string? Audience { get; init; }
    public long? IssuedUntil { get; init; }
    public ImmutableArray<string> Scopes { get; init; } = [];
    public required DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Whether this entry revokes a token with these facts.</summary>
    public bool Matches(string jti, string clientId, string audience, long issuedAt, ReadOnlySpan<string> scopes) => Kind switch
    {
        RevocationKind.Token => Jti is not null && RevocationRule.TokenMatches(Jti, jti),
        RevocationKind.Client => ClientId == clientId && IssuedUntil is { } until && RevocationRule.ClientMatches(until, issuedAt),
        RevocationKind.Grant => ClientId == clientId && Audience == audience && IssuedUntil is { } until && RevocationRule.GrantMatches(until, Scopes.AsSpan(), issuedAt, scopes),
        _ => false,
    };

    /// <summary>The entry as the revocation feed sends it.</summary>
    public FeedEntry ToFeedEntry() => new(Seq, Kind switch
    {
        RevocationKind.Token => RevocationFeedFormat.Token,
        RevocationKind.Client => RevocationFeedFormat.Client,
        RevocationKind.Grant => RevocationFeedFormat.Grant,
        _ => Kind.ToString().ToLowerInvariant(),
    }, Jti, ClientId, Audience, IssuedUntil, Scopes, ExpiresAt.ToUnixTimeSeconds());

    /// <summary>Whether the entry is still kept at <paramref name="now"/>.</summary>
    public bool IsLive(DateTimeOffset now) => RevocationRule.IsLive(ExpiresAt.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds());
}
