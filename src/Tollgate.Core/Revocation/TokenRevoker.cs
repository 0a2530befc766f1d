using Microsoft.Extensions.Logging;
using Tollgate.Core.Clients;
using Tollgate.Core.Introspection;

namespace Tollgate.Core.Revocation;

/// <summary>
/// RFC 7009: a client revokes one of its own tokens. Whatever its format, the token is recorded
/// by <c>jti</c> on the revocation list until it expires, so introspection on every node and the
/// gateways that pull the feed refuse it. Tokens of other clients, unknown and invalid tokens are
/// ignored (the caller always gets 200, so it learns nothing).
/// </summary>
public sealed partial class TokenRevoker(TokenInspector inspector, RevocationList revocations, ILogger<TokenRevoker> logger)
{
    public async Task RevokeAsync(Client caller, string token, CancellationToken cancellationToken)
    {
        var claims = await inspector.InspectAsync(token, cancellationToken);
        if (claims is null || claims.ClientId != caller.ClientId) return;

        await revocations.RevokeTokenAsync(claims.Jti, claims.ClientId, claims.ExpiresAt, cancellationToken);
        LogRevoked(logger, caller.ClientId, claims.Jti);
    }

    [LoggerMessage(EventId = LogEvents.TokenRevokedByClient, Level = LogLevel.Information, Message = "Client {ClientId} revoked token jti {Jti}")]
    private static partial void LogRevoked(ILogger logger, string clientId, string jti);
}
