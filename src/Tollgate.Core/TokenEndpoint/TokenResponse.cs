namespace Tollgate.Core.TokenEndpoint;

/// <summary>An issued (or, with token reuse, a still-valid earlier) token; <see cref="Allowance"/> is what is left of the client's quota.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string Scope, Quotas.QuotaAllowance? Allowance = null);
