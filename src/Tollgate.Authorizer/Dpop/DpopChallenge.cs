using Tollgate.Authorizer.Decisions;

namespace Tollgate.Authorizer.Dpop;

/// <summary>
/// The RFC 9449 §7.1 challenge for a DPoP refusal, for adapters that can send headers:
/// <c>DPoP error="invalid_dpop_proof", algs="ES256 ..."</c> for a bad proof, <c>error="invalid_token"</c>
/// with the reason as description for a bound token sent as Bearer or an unbound one sent as DPoP.
/// </summary>
public static class DpopChallenge
{
    /// <summary>The proof algorithms the authorizer accepts, as the <c>algs</c> parameter lists them.</summary>
    public static readonly string Algorithms = string.Join(' ', new DpopSettings().Algorithms.Select(a => a.Name));

    /// <summary>Whether the reason is one of the DPoP refusals (then answer with <see cref="For"/>).</summary>
    public static bool Applies(string reason) =>
        reason is ReasonCodes.DpopRequired or ReasonCodes.InvalidDpopProof or ReasonCodes.TokenNotBound;

    /// <summary>The <c>WWW-Authenticate</c> value for a DPoP refusal (any reason: see <see cref="Applies"/>).</summary>
    public static string For(string reason) => reason == ReasonCodes.InvalidDpopProof
        ? $"DPoP error=\"invalid_dpop_proof\", algs=\"{Algorithms}\""
        : $"DPoP error=\"invalid_token\", error_description=\"{reason}\", algs=\"{Algorithms}\"";
}
