using Tollgate.Client.Dpop;

namespace Tollgate.Client;

/// <summary>A token from the endpoint and the times this client derived from its <c>expires_in</c>.</summary>
public sealed record AccessToken
{
    public required string Value { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    /// <summary>After this the token is not sent any more: a call waits for a new one.</summary>
    public required DateTimeOffset UsableUntil { get; init; }
    /// <summary>When the background renewal starts.</summary>
    public required DateTimeOffset RenewAt { get; init; }
    public string? Scope { get; init; }
    /// <summary><c>Bearer</c>, or <c>DPoP</c> for a token bound to the client's DPoP key (sent with a proof per call by the handler).</summary>
    public string TokenType { get; init; } = Bearer;

    public const string Bearer = "Bearer", DPoP = "DPoP";

    /// <summary>The proofs for a DPoP-bound token; null for a bearer token.</summary>
    internal DpopSession? Dpop { get; init; }

    internal static AccessToken Create(string value, string? scope, TimeSpan lifetime, DateTimeOffset now, ClientCredentialsOptions options, DpopSession? dpop = null)
    {
        var skew = Min(options.ExpirySkew, lifetime / 4);
        var renewBefore = Max(Min(options.RenewBefore, lifetime / 2), skew);
        return new AccessToken
        {
            Value = value, Scope = scope, ExpiresAt = now + lifetime, UsableUntil = now + lifetime - skew, RenewAt = now + lifetime - renewBefore,
            TokenType = dpop is null ? Bearer : DPoP, Dpop = dpop,
        };
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
