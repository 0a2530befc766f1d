namespace Tollgate.Core;

/// <summary>
/// The log event ids of Tollgate.Core (the authorization server's logic): 1000–1999. Every <c>[LoggerMessage]</c> in this project takes its id from here.
/// </summary>
/// <remarks>
/// Every Tollgate project owns one range of event ids, so an id names one event in any process
/// (the Lambda authorizer runs Aws and Authorizer together; <c>tollgate serve</c> runs Server, Storage, Core
/// and Authorizer): Authorizer 1–999, Core 1000–1999, Server 2000–2999, Client 3000–3999,
/// AspNetCore 4000–4999, Storage 5000–5999, Aws 6000–6999, the tollgate CLI 7000–7999; 10000 and up are
/// left to applications. Every id is listed in docs/operations.md ("Log events"); <c>LogEventIdTests</c>
/// fails when two ids collide or one leaves its project's range.
/// </remarks>
internal static class LogEvents
{
    public const int First = 1000;
    public const int Last = 1999;

    // The token endpoint (TokenEndpoint/).
    public const int TokenIssued = 1001;
    public const int ClientAuthenticationFailed = 1002;
    public const int TokenReused = 1003;

    // Quotas (Quotas/TokenQuotas).
    public const int TokenQuotaExceeded = 1101;
    public const int TokenQuotaRefused = 1102;

    // Revocation (Revocation/).
    public const int TokenRevokedByClient = 1201;
    public const int RevocationRecorded = 1202;

    // Signing keys (Keys/KeyManager).
    public const int SigningKeyPublished = 1301;
    public const int SigningKeyDeleted = 1302;

    // Startup and housekeeping (Startup/).
    public const int RootClientCreated = 1401;
    public const int RootClientSecretReplaced = 1402;
    public const int HousekeepingFailed = 1403;

    // Cluster sync (Catalog/ClusterSync).
    public const int ChangeFeedUnreadable = 1510;
    public const int ChangeFeedRecovered = 1511;
    public const int ChangeFeedPurged = 1512;

    // The audit trail (Audit/AuditTrail): one line per committed change.
    public const int AuditedChange = 1600;
}
