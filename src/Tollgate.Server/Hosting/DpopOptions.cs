using Tollgate.Authorizer.Configuration;
using static Tollgate.Authorizer.Configuration.ValidationError.Codes;

namespace Tollgate.Server.Hosting;

/// <summary>DPoP (RFC 9449) at the token endpoint and in the embedded authorizers. See docs/dpop.md.</summary>
public sealed class DpopOptions
{
    /// <summary>How old a proof's <c>iat</c> may be.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Clock difference tolerated either way.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Require a server nonce in token-endpoint proofs (<c>use_dpop_nonce</c> with a <c>DPoP-Nonce</c> header until the client sends one).</summary>
    public bool RequireNonce { get; set; }
    /// <summary>How long a nonce is issued for; it is accepted for up to twice this.</summary>
    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationError> Validate()
    {
        if (MaxAge < TimeSpan.FromSeconds(1) || MaxAge > TimeSpan.FromMinutes(10)) yield return ValidationError.Sentence("Tollgate:Dpop:MaxAge", OutOfRange, "must be between 00:00:01 and 00:10:00.");
        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(5)) yield return ValidationError.Sentence("Tollgate:Dpop:ClockSkew", OutOfRange, "must be between 00:00:00 and 00:05:00.");
        if (NonceLifetime < TimeSpan.FromSeconds(10) || NonceLifetime > TimeSpan.FromHours(1)) yield return ValidationError.Sentence("Tollgate:Dpop:NonceLifetime", OutOfRange, "must be between 00:00:10 and 01:00:00.");
    }
}
