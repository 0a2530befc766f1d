using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Admin;
using Tollgate.Core.Audit;
using Tollgate.Core.Catalog;
using Tollgate.Core.Clients;
using Tollgate.Core.OAuth;
using Tollgate.Core.Revocation;
using Tollgate.Core.TokenEndpoint;
using Tollgate.Server.OAuth;

namespace Tollgate.Server.Console;

public enum SignInOutcome { SignedIn, Refused, Throttled }

public sealed record SignInResult(SignInOutcome Outcome, string? Token = null, DateTimeOffset ExpiresAt = default, TimeSpan RetryAfter = default);

/// <summary>
/// Signing in is a client-credentials request for the admin API, answered by the token endpoint's own grant:
/// only the root client or a client holding the <c>tollgate:admin</c> grant gets the token that makes a
/// session. Each failure costs a second, and after <see cref="ConsoleOptions.MaxFailedSignIns"/> failures
/// from one address within the window, that address is refused without a check until the window passes.
/// Signing out revokes the session's token.
/// </summary>
public sealed partial class ConsoleSignIn(TokenPipeline tokens, Catalog catalog, AdminToken adminToken, RevocationList revocations,
    AuditTrail audit, IAuditStore auditStore, ConsoleOptions options, TimeProvider time, ILogger<ConsoleSignIn> logger)
{
    private static readonly TimeSpan FailureDelay = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    private sealed record Failures(int Count, DateTimeOffset WindowStart);

    public async Task<SignInResult> SignInAsync(string clientId, string secret, string? address, CancellationToken cancellationToken)
    {
        var key = address ?? "";
        var now = time.GetUtcNow();
        if (_failures.TryGetValue(key, out var failures) && failures.WindowStart + options.FailureWindow > now && failures.Count >= options.MaxFailedSignIns)
        {
            LogThrottled(logger, key);
            return new SignInResult(SignInOutcome.Throttled, RetryAfter: failures.WindowStart + options.FailureWindow - now);
        }

        // The client's registered method: both carry the secret, and the grant insists on the registered one.
        var method = catalog.Current.FindClient(clientId)?.TokenEndpointAuthMethod == AuthMethods.ClientSecretPost
            ? ClientAuthMethod.ClientSecretPost : ClientAuthMethod.ClientSecretBasic;
        var request = new TokenRequest(GrantTypeNames.ClientCredentials, new ClientCredential(clientId, secret, method),
            SystemIdentity.AdminAudience, null, SystemIdentity.AdminScope);
        var issued = clientId.Length is > 0 and <= 128 && secret.Length is > 0 and <= 512 ? await tokens.HandleAsync(request, cancellationToken) : default;
        if (issued.Value is { } response)
        {
            var (status, claims) = await adminToken.CheckAsync("Bearer " + response.AccessToken, cancellationToken);
            if (status == AdminTokenStatus.Valid)
            {
                _failures.TryRemove(key, out _);
                var record = audit.Record(new AuditActor(claims!.ClientId, address), "console.signin", AuditKinds.Client, claims.ClientId, null,
                    AuditSnapshots.Of(new JsonObject { ["session_jti"] = claims.Jti, ["expires_at"] = claims.ExpiresAt }));
                await auditStore.AppendAsync(record, cancellationToken);
                audit.Committed(record);
                LogSignedIn(logger, claims.ClientId, key, claims.Jti);
                return new SignInResult(SignInOutcome.SignedIn, response.AccessToken, claims.ExpiresAt);
            }
        }

        if (_failures.Count > 10_000)
            foreach (var (stale, entry) in _failures)
                if (entry.WindowStart + options.FailureWindow <= now) _failures.TryRemove(stale, out _);
        _failures.AddOrUpdate(key, _ => new Failures(1, now),
            (_, f) => f.WindowStart + options.FailureWindow > now ? f with { Count = f.Count + 1 } : new Failures(1, now));
        LogRefused(logger, clientId.Length <= 128 ? clientId : clientId[..128], key, issued.Error?.Detail ?? issued.Error?.Error ?? "not an admin token");
        await Task.Delay(FailureDelay, time, cancellationToken);
        return new SignInResult(SignInOutcome.Refused);
    }

    /// <summary>
    /// Ends the session everywhere: its token goes on the revocation list until it would have expired, audited as
    /// <c>console.signout</c> in the revocation's transaction. A sign-in is audited too (<c>console.signin</c>,
    /// resource the admin client, <c>after</c> the session token's jti and expiry, never the token).
    /// </summary>
    public async Task SignOutAsync(ConsoleAdmin admin, CancellationToken cancellationToken)
    {
        var entry = new Revocation { Kind = RevocationKind.Token, Jti = admin.Claims.Jti, ClientId = admin.ClientId, ExpiresAt = admin.Claims.ExpiresAt };
        var record = audit.Record(admin.Actor, "console.signout", AuditKinds.Revocation, admin.Claims.Jti, null, AuditSnapshots.Of(entry));
        await revocations.AddAsync(entry, record, cancellationToken);
        audit.Committed(record);
        LogSignedOut(logger, admin.ClientId, admin.Actor.Address ?? "", admin.Claims.Jti);
    }

    [LoggerMessage(EventId = LogEvents.ConsoleSignedIn, Level = LogLevel.Information, Message = "Console: {ClientId} signed in from {Address}, session jti {Jti}")]
    private static partial void LogSignedIn(ILogger logger, string clientId, string address, string jti);

    [LoggerMessage(EventId = LogEvents.ConsoleSignInRefused, Level = LogLevel.Warning, Message = "Console: sign-in refused for {ClientId} from {Address}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string clientId, string address, string reason);

    [LoggerMessage(EventId = LogEvents.ConsoleSignInThrottled, Level = LogLevel.Warning, Message = "Console: sign-in from {Address} refused unchecked: too many failures")]
    private static partial void LogThrottled(ILogger logger, string address);

    [LoggerMessage(EventId = LogEvents.ConsoleSignedOut, Level = LogLevel.Information, Message = "Console: {ClientId} signed out from {Address}, session jti {Jti} revoked")]
    private static partial void LogSignedOut(ILogger logger, string clientId, string address, string jti);
}
