using Tollgate.Authorizer.Jwt;

namespace Tollgate.Authorizer.Dpop;

/// <summary>How strictly DPoP proofs are checked. Immutable; the defaults follow RFC 9449's advice.</summary>
public sealed record DpopSettings
{
    /// <summary>Asymmetric algorithms only; <see cref="JwsAlgorithm"/> has no HMAC or <c>none</c> to allow.</summary>
    public IReadOnlyList<JwsAlgorithm> Algorithms { get; init; } =
        [JwsAlgorithm.ES256, JwsAlgorithm.ES384, JwsAlgorithm.ES512, JwsAlgorithm.RS256, JwsAlgorithm.PS256];

    /// <summary>How old a proof's <c>iat</c> may be.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Clock difference tolerated either way (a proof from a little in the future is accepted).</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest proof accepted, in characters (an RSA-4096 jwk header fits well under it).</summary>
    public int MaxProofLength { get; init; } = 8 * 1024;

    public bool Allows(JwsAlgorithm alg)
    {
        foreach (var a in Algorithms)
            if (ReferenceEquals(a, alg)) return true;
        return false;
    }
}
