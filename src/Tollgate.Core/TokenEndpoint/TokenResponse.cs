using Tollgate.Core.Apis;

namespace Tollgate.Core.TokenEndpoint;

/// <summary>An issued (or, with token reuse, a still-valid earlier) token; <see cref="Allowance"/> is what is left of the client's quota.</summary>
/// <param name="Api">The API identifier the token is for and <paramref name="Format"/> its format: for the host's counters, not the wire.</param>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string Scope, string Api = "", TokenFormat Format = TokenFormat.Jwt,
    Quotas.QuotaAllowance? Allowance = null);
