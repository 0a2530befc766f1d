using Tollgate.Authorizer.Decisions;

namespace Tollgate.Aws.Tests.TestSupport;

/// <summary>Decisions as the engine would make them for the contacts API's read and write clients.</summary>
public static class SampleDecisions
{
    public const string JwtForUpstream = "eyJ0eXAiOiJhdCtqd3QifQ.eyJzdWIiOiJzdmMtd3JpdGUifQ.dXBzdHJlYW0";

    public static readonly Decision Allow = new()
    {
        Kind = DecisionKind.Allow,
        Reason = ReasonCodes.Allowed,
        Principal = "svc-write",
        Scopes = ["read:contacts", "write:contacts"],
        Claims = new Dictionary<string, string> { ["client_id"] = "svc-write", ["sub"] = "svc-write", ["jti"] = "jti-1" },
        AllowedRoutes = [new("GET", "/contacts"), new("POST", "/contacts"), new("*", "/contacts/{id}")],
    };

    public static readonly Decision AllowWithForwardToken = Allow with { ForwardToken = JwtForUpstream };

    public static readonly Decision Forbidden = new()
    {
        Kind = DecisionKind.Forbidden,
        Reason = ReasonCodes.InsufficientScope,
        Principal = "svc-read",
        Scopes = ["read:contacts"],
        Claims = new Dictionary<string, string> { ["client_id"] = "svc-read", ["sub"] = "svc-read", ["jti"] = "jti-2" },
        RequiredScopes = ["write:contacts"],
        AllowedRoutes = [new("GET", "/contacts"), new("GET", "/contacts/{id}")],
    };

    public static readonly Decision Unauthorized = new() { Kind = DecisionKind.Unauthorized, Reason = ReasonCodes.Expired };
}
