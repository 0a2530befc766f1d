using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Credentials;

namespace Tollgate.Authorizer.Dpop;

/// <summary>
/// The engine's CheckDpopProof step for a DPoP-bound token sent with the <c>DPoP</c> scheme
/// (RFC 9449 §7.1): exactly one <c>DPoP</c> header, a proof valid for this method and URL whose
/// <c>ath</c> is the token's hash, made with the key the token is bound to, never seen before.
/// Runs on every request, cached token or not: a proof is for one request.
/// </summary>
public sealed class DpopBinding(DpopProofValidator validator, DpopReplayCache replays)
{
    public const string HeaderName = "DPoP";

    public DpopReplayCache Replays => replays;

    /// <returns>Null when the proof binds this request to the token; otherwise why not (for the log).</returns>
    public string? Check(AuthorizationRequest request, string accessToken, string jkt)
    {
        if (HeaderLookup.Find(request.Headers, HeaderName) is not { Length: > 0 } proof) return "no DPoP header";
        // A compact JWS holds no comma: one means the adapter joined several DPoP headers (RFC 9449 §4.3 check 1).
        if (proof.Contains(',')) return "more than one DPoP header";
        if (request.Url is null) return "the request URL is not known here, so no proof can match it";
        var result = validator.Validate(proof, request.Method, request.Url, accessToken);
        if (result.Proof is not { } valid) return result.Description;
        if (!string.Equals(valid.Thumbprint, jkt, StringComparison.Ordinal)) return "DPoP proof key is not the key the token is bound to (cnf.jkt)";
        if (!replays.TryUse(valid)) return "DPoP proof jti was seen before (replay), or the replay cache is full";
        return null;
    }
}
