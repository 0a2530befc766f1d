using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.Introspection;

/// <summary>
/// Where the engine asks about opaque tokens: an RFC 7662 endpoint over HTTP
/// (<see cref="HttpIntrospection"/>, for every authorizer apart from the server), or the
/// authorization server itself, in-process (inside <c>tollgate serve</c>). Only the asking is here:
/// the callers (<see cref="IntrospectionValidator"/> and the token handler's phantom-token
/// exchange) cache the answers, judge audience and expiry, and fail closed.
/// </summary>
public interface ITokenIntrospection
{
    /// <summary>RFC 7662: what an active token carries (<c>iss</c> filled in), inactive, or why there is no usable answer.</summary>
    Task<IntrospectionAnswer<ValidatedToken>> IntrospectAsync(string token, CancellationToken cancellationToken);

    /// <summary>
    /// The phantom-token exchange: the answer as a JWT (RFC 9701 <c>token-introspection+jwt</c>, or
    /// an access-token JWT as Curity answers), not yet verified; inactive when the endpoint says so
    /// without a JWT (Curity's 204).
    /// </summary>
    Task<IntrospectionAnswer<string>> IntrospectAsJwtAsync(string token, CancellationToken cancellationToken);
}
