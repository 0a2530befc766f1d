using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Tollgate.Authorizer.Dpop;
using Tollgate.Core.OAuth;
using Tollgate.Core.Storage;
using Tollgate.Server.Hosting;

namespace Tollgate.Server.OAuth;

/// <summary>
/// The token endpoint's DPoP step (RFC 9449 §5): no <c>DPoP</c> header → a bearer token; one header
/// → the proof is checked against <c>POST</c> and the advertised token endpoint URL, its jti recorded
/// in the store every node shares (the table of used client assertions, keyed <c>dpop:&lt;jkt&gt;</c>),
/// and the token is bound to the proof's key. A bad proof is <c>invalid_dpop_proof</c>; a missing or
/// old nonce is <c>use_dpop_nonce</c> with a fresh <c>DPoP-Nonce</c>.
/// </summary>
public static class DpopStep
{
    public const string Header = "DPoP", NonceHeader = "DPoP-Nonce";
    private static readonly byte[] NonceKeyInfo = "tollgate dpop nonce v1"u8.ToArray();

    public static DpopProofValidator CreateValidator(DpopOptions options, string systemSecret, TimeProvider time)
    {
        var settings = new DpopSettings { MaxAge = options.MaxAge, ClockSkew = options.ClockSkew };
        // Derived from the system secret: every node of a cluster issues and accepts the same nonces.
        var nonces = options.RequireNonce
            ? new DpopNonces(HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(systemSecret), 32, [], NonceKeyInfo), options.NonceLifetime, time)
            : null;
        return new DpopProofValidator(settings, time, nonces);
    }

    /// <summary>The thumbprint to bind to (null: no proof, a bearer token), or the error to answer with.</summary>
    public static async ValueTask<OAuthResult<string?>> CheckAsync(HttpContext context, DpopProofValidator validator, IAssertionReplayStore replay, string tokenEndpointUrl)
    {
        if (validator.Nonces is { } nonces) context.Response.Headers[NonceHeader] = nonces.Current();
        var headers = context.Request.Headers[Header];
        if (headers.Count == 0) return (string?)null;
        if (headers.Count > 1) return InvalidProof("Send exactly one DPoP header.");

        var result = validator.Validate(headers[0], context.Request.Method, tokenEndpointUrl);
        if (result.Proof is not { } proof)
            return new OAuthError(result.ErrorCode, result.Description!, 400);
        if (!await replay.TryUseAsync("dpop:" + proof.Thumbprint, proof.Jti, proof.ReplayUntil, context.RequestAborted))
            return InvalidProof("DPoP proof jti was already used: make a new proof for every request.");
        return proof.Thumbprint;
    }

    private static OAuthError InvalidProof(string description) => new("invalid_dpop_proof", description, 400);

    /// <summary>For discovery: <c>dpop_signing_alg_values_supported</c>.</summary>
    public static string[] Algorithms(DpopProofValidator validator) => validator.Settings.Algorithms.Select(a => a.Name).ToArray();
}
