namespace Tollgate.Client;

/// <summary>
/// The log event ids of Tollgate.Client (the client-credentials client library): 3000–3999. Every <c>[LoggerMessage]</c> in this project takes its id from here.
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
    public const int First = 3000;
    public const int Last = 3999;

    public const int TokenObtained = 3001;
    public const int TokenRequestFailed = 3002;
    public const int RenewalFailed = 3003;
    public const int RetryingOnUnauthorized = 3004;
    public const int RetryingWithNonce = 3005;
    public const int DpopIgnored = 3006;
}
