using Microsoft.Extensions.Logging;
using Tollgate.Core.Clients;
using Tollgate.Core.OAuth;

namespace Tollgate.Core.Quotas;

/// <summary>
/// The token quota step: the client's own quota, else the server's default (<c>Tollgate:Quotas</c>); an
/// exhausted quota refuses the token (<c>enforce</c>, 429) or lets it through with a warning (<c>log-only</c>).
/// </summary>
public sealed partial class TokenQuotas(TokenQuota? defaultQuota, TokenQuotaCounter counter, ILogger<TokenQuotas> logger)
{
    public TokenQuota? For(Client client) => client.TokenQuota ?? defaultQuota;

    /// <summary>Counts one token for the client; null allowance when it has no quota.</summary>
    public OAuthResult<QuotaAllowance?> Take(Client client)
    {
        if (For(client) is not { IsUnlimited: false } quota) return (QuotaAllowance?)null;
        var count = counter.Count(client.ClientId, quota);
        if (!count.Exhausted) return count.Allowance;
        if (quota.Mode == QuotaMode.LogOnly)
        {
            LogQuotaExceeded(logger, client.ClientId, count.Allowance.Policy);
            return count.Allowance;
        }
        LogQuotaRefused(logger, client.ClientId, count.Allowance.Policy, count.RetryAfterSeconds);
        return OAuthError.TooManyRequests($"This client's token quota ({count.Allowance.Policy}) is used up; retry after {count.RetryAfterSeconds} seconds.",
            count.RetryAfterSeconds) with { Allowance = count.Allowance };
    }

    /// <summary>What is left, without counting (a reused token costs nothing).</summary>
    public QuotaAllowance? Peek(Client client)
        => For(client) is { IsUnlimited: false } quota ? counter.Count(client.ClientId, quota, take: false).Allowance : null;

    [LoggerMessage(EventId = LogEvents.TokenQuotaExceeded, Level = LogLevel.Warning, Message = "Token quota exceeded by {ClientId} ({Quota}); issued anyway (log-only)")]
    private static partial void LogQuotaExceeded(ILogger logger, string clientId, string quota);

    [LoggerMessage(EventId = LogEvents.TokenQuotaRefused, Level = LogLevel.Information, Message = "Token quota exhausted for {ClientId} ({Quota}); refused, retry after {RetryAfter} s")]
    private static partial void LogQuotaRefused(ILogger logger, string clientId, string quota, int retryAfter);
}
