using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Policies;
using Tollgate.Core.Introspection;
using Tollgate.Core.OAuth;
using Tollgate.Server.OAuth;

namespace Tollgate.Server.Policies;

/// <summary>
/// The warden (Hydra's, with our paths): resource servers ask whether a token, or a subject, may
/// perform an action on a resource. Callers authenticate as for introspection. Every refusal is
/// the same <c>{"allowed": false}</c>; the reason (inactive token, missing scope, the denying
/// policy, no matching policy) is in the log line.
/// <list type="bullet">
/// <item><c>POST /warden/token/allowed</c> <c>{token, scopes?, action, resource, context?}</c> →
/// <c>{"allowed": true, "sub", "scopes", "iss", "aud", "iat", "exp", "ext"}</c>.</item>
/// <item><c>POST /warden/allowed</c> <c>{subject, action, resource, context?}</c> → <c>{"allowed": bool}</c>.</item>
/// </list>
/// </summary>
public static partial class WardenEndpoints
{
    public static async Task TokenAllowedAsync(HttpContext context, ClientAuthenticator authenticator, AdminToken adminToken,
        TokenInspector inspector, ServerPolicies policies, ILoggerFactory loggers)
    {
        if (await ReadAsync(context, withToken: true, authenticator, adminToken) is not { } request) return;
        var logger = loggers.CreateLogger(typeof(WardenEndpoints));

        var claims = await inspector.InspectAsync(request.Token!, context.RequestAborted);
        if (claims is null)
        {
            LogRefused(logger, "inactive", null, null, request.Action, request.Resource, null);
            await WriteAsync(context, false);
            return;
        }
        var granted = claims.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var missing = request.Scopes.Where(s => !granted.Contains(s, StringComparer.Ordinal)).ToArray();
        if (missing.Length > 0)
        {
            LogRefused(logger, "insufficient_scope", claims.Subject, claims.Jti, request.Action, request.Resource, string.Join(' ', missing));
            await WriteAsync(context, false);
            return;
        }
        var decision = policies.Current.Evaluate(new PolicyRequest(claims.Subject, request.Action, request.Resource) { Context = request.Context });
        if (!decision.Allowed)
        {
            LogRefused(logger, Reason(decision), claims.Subject, claims.Jti, request.Action, request.Resource, decision.PolicyId);
            await WriteAsync(context, false);
            return;
        }
        LogAllowed(logger, claims.Subject, claims.Jti, request.Action, request.Resource, decision.PolicyId);
        await OAuthResponses.WriteJsonAsync(context, json =>
        {
            json.WriteBoolean("allowed", true);
            json.WriteString("sub", claims.Subject);
            json.WriteStartArray("scopes");
            foreach (var scope in granted) json.WriteStringValue(scope);
            json.WriteEndArray();
            json.WriteString("iss", claims.Issuer);
            json.WriteString("aud", claims.Audience);
            json.WriteNumber("iat", claims.IssuedAt.ToUnixTimeSeconds());
            json.WriteNumber("exp", claims.ExpiresAt.ToUnixTimeSeconds());
            json.WriteStartObject("ext");
            json.WriteString("client_id", claims.ClientId);
            json.WriteString("jti", claims.Jti);
            json.WriteEndObject();
        });
    }

    public static async Task SubjectAllowedAsync(HttpContext context, ClientAuthenticator authenticator, AdminToken adminToken,
        ServerPolicies policies, ILoggerFactory loggers)
    {
        if (await ReadAsync(context, withToken: false, authenticator, adminToken) is not { } request) return;
        var logger = loggers.CreateLogger(typeof(WardenEndpoints));
        var decision = policies.Current.Evaluate(new PolicyRequest(request.Subject!, request.Action, request.Resource) { Context = request.Context });
        if (decision.Allowed) LogAllowed(logger, request.Subject, null, request.Action, request.Resource, decision.PolicyId);
        else LogRefused(logger, Reason(decision), request.Subject, null, request.Action, request.Resource, decision.PolicyId);
        await WriteAsync(context, decision.Allowed);
    }

    private static async Task<WardenRequest?> ReadAsync(HttpContext context, bool withToken, ClientAuthenticator authenticator, AdminToken adminToken)
    {
        var (request, error) = await WardenRequest.ReadAsync(context.Request, withToken);
        if (error is not null)
        {
            await OAuthResponses.WriteErrorAsync(context, error, OAuthResponses.UsedBasic(context.Request));
            return null;
        }
        return await GatewayCaller.AuthenticateAsync(context, request!.Credentials, authenticator, adminToken) is null ? null : request;
    }

    private static string Reason(PolicyDecision decision) => decision.Outcome == PolicyOutcome.Denied ? "policy_denied" : "no_matching_policy";

    private static Task WriteAsync(HttpContext context, bool allowed) => OAuthResponses.WriteJsonAsync(context, json => json.WriteBoolean("allowed", allowed));

    [LoggerMessage(EventId = LogEvents.WardenAllowed, Level = LogLevel.Information,
        Message = "Warden allowed subject={Subject} jti={Jti} action={Action} resource={Resource} policy={PolicyId}")]
    private static partial void LogAllowed(ILogger logger, string? subject, string? jti, string action, string resource, string? policyId);

    [LoggerMessage(EventId = LogEvents.WardenRefused, Level = LogLevel.Information,
        Message = "Warden refused {Reason} subject={Subject} jti={Jti} action={Action} resource={Resource} detail={Detail}")]
    private static partial void LogRefused(ILogger logger, string reason, string? subject, string? jti, string action, string resource, string? detail);
}
