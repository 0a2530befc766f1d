namespace Tollgate.Authorizer;

/// <summary>
/// The log event ids of Tollgate.Authorizer (the decision engine): 1–999. Every <c>[LoggerMessage]</c> in this project takes its id from here.
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
    public const int First = 1;
    public const int Last = 999;

    // Decisions (Decisions/DecisionLog): one line per decision.
    public const int DecisionAllowed = 1;
    public const int DecisionForbidden = 2;
    public const int DecisionUnauthorized = 3;
    public const int DecisionTooManyRequests = 4;

    // Policies (Policies/PolicyFeed).
    public const int PoliciesApplied = 40;
    public const int PoliciesPullFailed = 41;

    // Issuers' keys (Jwks/JwksLog).
    public const int KeysFetched = 100;
    public const int KeysFetchFailed = 101;
    public const int KeySkipped = 102;

    // Introspection (Introspection/IntrospectionLog).
    public const int IntrospectionFailed = 200;

    // The revocation feed (Revocation/RevocationFeedLog).
    public const int RevocationFeedSynced = 300;
    public const int RevocationFeedUnchanged = 301;
    public const int RevocationFeedFailed = 302;
    public const int RevocationListStale = 303;
    public const int RevocationListFresh = 304;
    public const int RevocationFeedRestarted = 305;
    public const int RevocationListCaughtUp = 306;
    public const int RevocationCatchUpGaveUp = 307;
}
