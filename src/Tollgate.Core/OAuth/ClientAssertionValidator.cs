using Tollgate.Core.Apis;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tollgate.Core.Clients;
using Tollgate.Core.Storage;

namespace Tollgate.Core.OAuth;

/// <summary>
/// private_key_jwt (RFC 7523 §3, OIDC Core §9): the assertion is signed by one of the client's
/// keys with an asymmetric algorithm; <c>iss</c> and <c>sub</c> are the client id; <c>aud</c> is this
/// issuer or its token endpoint; it expires within five minutes; its <c>jti</c> is accepted once.
/// </summary>
public sealed class ClientAssertionValidator(ClientKeys keys, IAssertionReplayStore replay, IIssuer issuer, TimeProvider time)
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    /// <summary>Null when the assertion is good; otherwise why not (for the log, never the caller).</summary>
    public async ValueTask<string?> ValidateAsync(Client client, string assertion, CancellationToken cancellationToken)
    {
        if (assertion.Length > 16 * 1024 || !Handler.CanReadToken(assertion)) return "assertion is not a JWT";
        var unverified = Handler.ReadJsonWebToken(assertion);
        var signingKeys = await keys.GetAsync(client, unverified.Kid, cancellationToken);
        if (signingKeys.Count == 0) return "client has no usable public keys";

        var now = time.GetUtcNow();
        var result = await Handler.ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            ValidIssuer = client.ClientId,
            ValidAudiences = [issuer.Value, $"{issuer.Value}/oauth2/token"],
            ValidAlgorithms = SigningAlgorithms.Supported,
            IssuerSigningKeys = signingKeys,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = false,
        });
        if (!result.IsValid) return $"assertion rejected: {result.Exception?.GetType().Name}";

        var jwt = (JsonWebToken)result.SecurityToken;
        var expires = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        if (jwt.Subject != client.ClientId) return "sub is not the client id";
        if (expires <= now - Skew) return "assertion expired";
        if (expires > now + MaxLifetime + Skew) return "assertion lives longer than five minutes";
        if (jwt.ValidFrom != DateTime.MinValue && new DateTimeOffset(jwt.ValidFrom, TimeSpan.Zero) > now + Skew) return "assertion not yet valid";
        if (jwt.IssuedAt != DateTime.MinValue && new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero) > now + Skew) return "assertion issued in the future";
        if (string.IsNullOrEmpty(jwt.Id)) return "assertion has no jti";
        if (!await replay.TryUseAsync(client.ClientId, jwt.Id, expires + Skew, cancellationToken)) return "assertion replayed";
        return null;
    }

    /// <summary>The <c>sub</c> of an assertion, unverified: only to find which client to verify it for.</summary>
    public static string? PeekSubject(string assertion)
    {
        if (assertion.Length > 16 * 1024 || !Handler.CanReadToken(assertion)) return null;
        try
        {
            return Handler.ReadJsonWebToken(assertion).Subject;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
