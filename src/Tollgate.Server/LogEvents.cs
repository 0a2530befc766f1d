namespace Tollgate.Server;

/// <summary>
/// The log event ids of Tollgate.Server (the ASP.NET Core host and the standalone gateway): 2000–2999. Every <c>[LoggerMessage]</c> in this project takes its id from here.
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
    public const int First = 2000;
    public const int Last = 2999;

    // The standalone gateway (Gateway/).
    public const int GatewayRulesApplied = 2001;
    public const int GatewayRulesPollFailed = 2002;
    public const int GatewayNotReady = 2003;

    // Hosting (Hosting/).
    public const int RootCredentialsWritten = 2010;
    public const int ServerStarted = 2011;
    public const int DatabaseUnavailable = 2020;

    // Policies (Policies/).
    public const int StoredPoliciesInvalid = 2600;
    public const int WardenAllowed = 2610;
    public const int WardenRefused = 2611;

    // The console (Console/ConsoleSignIn).
    public const int ConsoleSignedIn = 2700;
    public const int ConsoleSignInRefused = 2701;
    public const int ConsoleSignInThrottled = 2702;
    public const int ConsoleSignedOut = 2703;
}
