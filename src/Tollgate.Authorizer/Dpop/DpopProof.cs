namespace Tollgate.Authorizer.Dpop;

/// <summary>Why a DPoP proof was refused: RFC 9449 §7.1 / §8 error codes.</summary>
public enum DpopError
{
    /// <summary><c>invalid_dpop_proof</c>: the proof is malformed, wrongly signed, stale or not for this request.</summary>
    InvalidProof,
    /// <summary><c>use_dpop_nonce</c>: a server nonce is required and the proof has none, or not a current one.</summary>
    UseNonce,
}

/// <summary>
/// A DPoP proof that passed every check but the replay check (that is the caller's:
/// <see cref="DpopReplayCache"/> in memory, a shared store at the token endpoint).
/// </summary>
public sealed record DpopProof(string Thumbprint, string Jti, DateTimeOffset IssuedAt, DateTimeOffset ReplayUntil)
{
    /// <summary>One key per proof for a replay store: the key's thumbprint and the proof's jti.</summary>
    public string ReplayKey => Thumbprint + ":" + Jti;
}

/// <summary>A proof, or the error with a description that may be sent and a detail for the log.</summary>
public readonly record struct DpopResult(DpopProof? Proof, DpopError Error, string? Description)
{
    public bool IsValid => Proof is not null;

    public static DpopResult Valid(DpopProof proof) => new(proof, default, null);

    public static DpopResult Invalid(string description) => new(null, DpopError.InvalidProof, description);

    public static DpopResult NonceRequired(string description) => new(null, DpopError.UseNonce, description);

    /// <summary>The RFC 9449 error code.</summary>
    public string ErrorCode => Error == DpopError.UseNonce ? "use_dpop_nonce" : "invalid_dpop_proof";
}
