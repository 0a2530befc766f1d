using Microsoft.IdentityModel.JsonWebTokens;
using Tollgate.Authorizer.Jwks;
using Tollgate.Authorizer.Jwt;
using Tollgate.Core.Apis;
using Tollgate.Core.Clients;
using Tollgate.Core.Storage;

namespace Tollgate.Core.OAuth;

/// <summary>
/// private_key_jwt (RFC 7523 §3, OIDC Core §9), verified by the decision engine's
/// <see cref="JwtValidator"/>: signed by one of the client's keys with an allowed asymmetric
/// algorithm, <c>iss</c> the client id, <c>aud</c> this issuer or its token endpoint, within the
/// clock skew (<see cref="Assertions"/>). Then the assertion's own rules: <c>sub</c> is the client
/// id, it expires within five minutes, and its <c>jti</c> is accepted once.
/// </summary>
public sealed class ClientAssertionValidator(ClientKeys keys, IAssertionReplayStore replay, IIssuer issuer, TimeProvider time)
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);
    private const int MaxLength = 16 * 1024;
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    /// <summary>What a client assertion must satisfy besides its client's keys and this server's audiences: any <c>typ</c>.</summary>
    internal static readonly JwtValidationSettings Assertions = new(SigningAlgorithms.Supported.Select(a => JwsAlgorithm.Find(a)!), [], Skew, MaxLength);

    /// <summary>Null when the assertion is good; otherwise why not (for the log, never the caller).</summary>
    public async ValueTask<string?> ValidateAsync(Client client, string assertion, CancellationToken cancellationToken)
    {
        if (assertion.Length > MaxLength || !Handler.CanReadToken(assertion)) return "assertion is not a JWT";
        var kid = Handler.ReadJsonWebToken(assertion).Kid;
        var set = await keys.GetSetAsync(client, kid, cancellationToken);
        if (set.Count == 0) return "client has no usable public keys";

        // The key named by kid; without one (or an unknown kid), each of the client's keys in turn.
        string? rejected = null;
        Authorizer.Validation.ValidatedToken? valid = null;
        foreach (var key in set.Find(kid) is { } named ? [named] : set.Keys)
        {
            var validator = new JwtValidator([new TrustedIssuer(client.ClientId, new OneKey(key), [issuer.Value, $"{issuer.Value}/oauth2/token"])], Assertions, time);
            var result = await validator.ValidateAsync(assertion, cancellationToken);
            if ((valid = result.Token) is not null) break;
            rejected ??= $"assertion rejected: {result.Reason}{(result.Detail is null ? "" : $" ({result.Detail})")}";
        }
        if (valid is null) return rejected;

        var now = time.GetUtcNow();
        var expires = valid.ExpiresAt!.Value;
        if (valid.Audiences.Count == 0) return "assertion has no aud";
        if (valid.Subject != client.ClientId) return "sub is not the client id";
        if (expires > now + MaxLifetime + Skew) return "assertion lives longer than five minutes";
        if (string.IsNullOrEmpty(valid.Jti)) return "assertion has no jti";
        if (!await replay.TryUseAsync(client.ClientId, valid.Jti, expires + Skew, cancellationToken)) return "assertion replayed";
        return null;
    }

    /// <summary>The <c>sub</c> of an assertion, unverified: only to find which client to verify it for.</summary>
    public static string? PeekSubject(string assertion)
    {
        if (assertion.Length > MaxLength || !Handler.CanReadToken(assertion)) return null;
        try
        {
            return Handler.ReadJsonWebToken(assertion).Subject;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>One of the client's keys, whatever the assertion's kid.</summary>
    private sealed class OneKey(VerificationKey key) : IKeySource
    {
        public ValueTask<KeyLookup> FindAsync(string? kid, CancellationToken cancellationToken) => ValueTask.FromResult(KeyLookup.Found(key));
    }
}
