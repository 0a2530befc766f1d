using Tollgate.Authorizer.Introspection;
using Tollgate.Authorizer.Jwks;
using Tollgate.Authorizer.Validation;
using Tollgate.Core.Apis;
using Tollgate.Core.Introspection;
using Tollgate.Core.Keys;
using Tollgate.Core.OAuth;
using Tollgate.Core.Tokens;

namespace Tollgate.Server.Decisions;

/// <summary>
/// The authorization server as the embedded decision engines see it, answered in-process: its
/// keys (<see cref="Keys"/>, read from the key ring on every lookup, so a rotation is seen at once)
/// and its introspection (<see cref="TokenInspector"/>: the claims, or the RFC 9701 answer the
/// phantom-token exchange verifies). Nothing is serialized for the engine to parse back; remote
/// authorizers reach the same answers over HTTP (<see cref="HttpIntrospection"/>, <see cref="JwksCache"/>).
/// </summary>
public sealed class InProcessAuthority(KeyRing keys, TokenInspector inspector, IIssuer issuer, TimeProvider time) : ITokenIntrospection
{
    /// <summary>
    /// Names the endpoints in the engines' options, which must name some (nothing is ever sent
    /// there: the keys and answers come from <see cref="Keys"/> and this class). Loopback, so the
    /// options validate whatever the issuer is.
    /// </summary>
    public const string BaseUrl = "http://localhost/tollgate-in-process";
    public const string JwksUrl = BaseUrl + "/.well-known/jwks.json";
    public const string IntrospectionUrl = BaseUrl + "/oauth2/introspect";
    /// <summary>Who the embedded engine introspects as (the <c>aud</c> of a signed introspection answer).</summary>
    public const string InProcessClientId = "in-process";

    /// <summary>This server's published keys, as the key source of its issuer.</summary>
    public IKeySource Keys { get; } = new PublishedKeys(keys, time);

    public async Task<IntrospectionAnswer<ValidatedToken>> IntrospectAsync(string token, CancellationToken cancellationToken)
        => await inspector.InspectAsync(token, cancellationToken) is { } claims
            ? IntrospectionAnswer<ValidatedToken>.Of(Validated(claims))
            : IntrospectionAnswer<ValidatedToken>.Inactive;

    /// <summary>The phantom-token exchange: the RFC 9701 answer, signed as <c>/oauth2/introspect</c> would sign it.</summary>
    public async Task<IntrospectionAnswer<string>> IntrospectAsJwtAsync(string token, CancellationToken cancellationToken)
    {
        var claims = await inspector.InspectAsync(token, cancellationToken);
        var now = time.GetUtcNow();
        if (keys.Current(SigningAlgorithms.RS256, now) is not { } key) return IntrospectionAnswer<string>.Failed("no RS256 key signs introspection answers");
        return IntrospectionAnswer<string>.Of(IntrospectionJwt.Write(key, issuer.Value, InProcessClientId, now, claims));
    }

    /// <summary>What the RFC 7662 answer (<see cref="IntrospectionJwt.WriteResponse"/>) says, as the engine reads it: times in whole seconds.</summary>
    private static ValidatedToken Validated(AccessTokenClaims claims) => new()
    {
        Issuer = claims.Issuer,
        Subject = claims.Subject,
        ClientId = claims.ClientId,
        Jti = claims.Jti,
        Audiences = [claims.Audience],
        Scopes = claims.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(claims.ExpiresAt.ToUnixTimeSeconds()),
        IssuedAt = DateTimeOffset.FromUnixTimeSeconds(claims.IssuedAt.ToUnixTimeSeconds()),
        Jkt = string.IsNullOrEmpty(claims.Jkt) ? null : claims.Jkt,
        X5t = string.IsNullOrEmpty(claims.X5t) ? null : claims.X5t,
    };
}
